import { describe, expect, it } from 'vitest';
import type { CommsplanError } from '../shared/errors.js';
import { fieldValues, renderForSending, renderTemplate } from './render-template.js';

const template = (body: string, subject = 'Hello ((first name))') => ({ id: 'test', subject, body });

describe('rendering a template', () => {
  it('fills placeholders whatever their case or spacing', () => {
    const rendered = renderTemplate(
      template('Dear ((First_Name)), from ((org   name)).'),
      fieldValues({ 'first-name': 'Sam', 'org name': 'Trust' }),
    );
    expect(rendered.subject).toBe('Hello Sam');
    expect(rendered.text).toBe('Dear Sam, from Trust.\n');
    expect(rendered.missing).toEqual([]);
  });

  it.each([
    ['markup', '<script>alert(1)</script>', '&#60;script&#62;alert(1)&#60;/script&#62;'],
    ['quotes and ampersands', 'O\'Brien & "Co"', 'O&#39;Brien &#38; &#34;Co&#34;'],
    ['Markdown emphasis', '**loud**', '**loud**'],
    ['a Markdown link', '[click](https://evil.example)', '[click](https://evil.example)'],
  ])('escapes %s in a value instead of interpreting it', (_label, value, expected) => {
    const { bodyHtml } = renderTemplate(template('Dear ((first name)).'), fieldValues({ 'first name': value }));
    expect(bodyHtml).toContain(expected);
    expect(bodyHtml).not.toContain('<strong>');
    expect(bodyHtml).not.toContain('evil.example"');
  });

  it('leaves out optional content for a value known to be empty, but counts and marks a value nobody filled as missing', () => {
    const body = 'Hi.((owners?? Ask ((owners)).))';
    const known = renderTemplate(template(body, 'Hi'), fieldValues({ owners: '' }));
    expect([known.text, known.missing]).toEqual(['Hi.\n', []]);
    const unknown = renderTemplate(template(body, 'Hi'), fieldValues({}));
    expect([unknown.text, unknown.missing]).toEqual(['Hi.((owners))\n', ['owners']]);
    expect(renderTemplate(template(body, 'Hi'), fieldValues({ owners: 'Ann' })).text).toBe('Hi. Ask Ann.\n');
  });

  it('never turns a value into a javascript: link', () => {
    const { bodyHtml } = renderTemplate(template('[Guidance](((guide)))'), fieldValues({ guide: 'javascript:alert(1)' }));
    expect(bodyHtml).not.toContain('href');
    expect(bodyHtml).toContain('Guidance');
  });

  it('renders the Markdown subset as accessible HTML and readable text', () => {
    const body =
      '# Title\n\n## Part\nFirst line\nsecond line\n\n- one **two**\n- [Guide](https://example.org/g)\n\n1. first\n2. second\n\nSee https://example.org/x.';
    const rendered = renderTemplate(template(body, 'Subject'), fieldValues({}));
    expect(rendered.html).toContain('<html lang="en-GB">');
    expect(rendered.bodyHtml).toContain('<h1');
    expect(rendered.bodyHtml).toContain('First line<br>');
    expect(rendered.bodyHtml).toContain('<li style="margin-bottom:8px">one <strong>two</strong></li>');
    expect(rendered.bodyHtml).toContain('<a href="https://example.org/g">Guide</a>');
    expect(rendered.bodyHtml).toContain('<ol');
    expect(rendered.bodyHtml).toContain('<a href="https://example.org/x">https://example.org/x</a>.');
    expect(rendered.text).toContain('Title\n=====');
    expect(rendered.text).toContain('- Guide (https://example.org/g)');
    expect(rendered.text).toContain('2. second');
  });

  it('links values that are web or email addresses', () => {
    const { bodyHtml } = renderTemplate(
      template('Go to ((site)) or write to ((mail)).'),
      fieldValues({ site: 'https://example.org/a?b=1&c=2', mail: 'help@example.org' }),
    );
    expect(bodyHtml).toContain('<a href="https://example.org/a?b=1&#38;c=2">');
    expect(bodyHtml).toContain('<a href="mailto:help@example.org">help@example.org</a>');
  });

  it('shows optional content only when its value is switched on', () => {
    const body = 'Start. ((deleted items migrated??Deleted items move too.)) End.';
    expect(renderTemplate(template(body), fieldValues({ 'deleted items migrated': 'yes' })).text).toBe(
      'Start. Deleted items move too. End.\n',
    );
    expect(renderTemplate(template(body), fieldValues({ 'deleted items migrated': 'no' })).text).toBe('Start.  End.\n');
    expect(renderTemplate(template(body, 'S'), fieldValues({})).missing).toEqual(['deleted items migrated']);
  });

  it('highlights missing values in a preview and lists them', () => {
    const rendered = renderTemplate(template('Dear ((first name)), see ((guide url)).'), fieldValues({ 'first name': 'Sam' }));
    expect(rendered.missing).toEqual(['guide url']);
    expect(rendered.bodyHtml).toContain('<mark>((guide url))</mark>');
    expect(rendered.text).toContain('((guide url))');
  });

  it('refuses to render for sending while a value is missing, naming it', () => {
    expect(() => renderForSending(template('Dear ((first name))'), fieldValues({}))).toThrowError(
      expect.objectContaining({
        code: 'template-values-missing',
        message: expect.stringContaining('((first name))'),
      }) as unknown as CommsplanError,
    );
    expect(renderForSending(template('Dear ((first name))'), fieldValues({ 'first name': 'Sam' })).text).toBe('Dear Sam\n');
  });

  it('treats a blank value as missing', () => {
    expect(renderTemplate(template('Hi ((first name))', 'S'), fieldValues({ 'first name': '   ' })).missing).toEqual(['first name']);
  });
});

/** The tags of a document with attribute values blanked: what a value could change if it escaped. */
const tagSkeleton = (html: string) => [...html.matchAll(/<[^>]*>/g)].map((tag) => tag[0].replace(/="[^"]*"/g, '=""'));

describe('escaping values and the subject wherever they go into HTML', () => {
  const HOSTILE = `"><img src=x onerror=alert('1')> & <script>alert("2")</script>`;
  const source = {
    id: 'hostile',
    subject: '((org name)): news for ((first name))',
    body: '# For ((first name))\n\nDear ((first name)), see [the guide](((guide url))) or **((org name))**.\n\n- ((missing thing))',
  };
  const render = (value: string, url: string) =>
    renderTemplate(source, fieldValues({ 'org name': value, 'first name': value, 'guide url': url }), {
      showMissing: (name) => `[not set: <${name}> & "${value}"]`,
    });

  it('keeps the tags of the document exactly as they are with harmless values', () => {
    const hostile = render(HOSTILE, `https://example.org/?q="><img/src=x>&a='b'`);
    const harmless = render('Eastbrook', 'https://example.org/guide');
    expect(tagSkeleton(hostile.html)).toEqual(tagSkeleton(harmless.html));
  });

  it('escapes the subject in the title and in the aria-label attribute', () => {
    const { html, subject } = render(HOSTILE, 'https://example.org/guide');
    expect(subject).toBe(`${HOSTILE}: news for ${HOSTILE}`);
    const escaped = `&#34;&#62;&#60;img src=x onerror=alert(&#39;1&#39;)&#62; &#38; &#60;script&#62;alert(&#34;2&#34;)&#60;/script&#62;`;
    expect(html).toContain(`<title>${escaped}: news for ${escaped}</title>`);
    expect(html).toContain(`aria-label="${escaped}: news for ${escaped}"`);
  });

  it('escapes a web address inside href, and never lets quotes close the attribute', () => {
    const { bodyHtml } = render('Eastbrook', `https://example.org/?q="><img/src=x>&a='b'`);
    expect(bodyHtml).toContain('<a href="https://example.org/?q=&#34;&#62;&#60;img/src=x&#62;&#38;a=&#39;b&#39;">the guide</a>');
  });

  it.each(['<img', '<script', "onerror=alert('", 'alert("2")'])('leaves no raw %s anywhere in the document', (fragment) => {
    expect(render(HOSTILE, `https://example.org/?q="><img src=x>`).html).not.toContain(fragment);
  });
});

describe('the two sides of a yes-or-no setting', () => {
  it('shows exactly one of the two sentences', async () => {
    const { settingFields } = await import('./message-fields.js');
    const body = '((deleted items migrated??They move.))((not deleted items migrated??They stay.))';
    const render = (answer: string) =>
      renderTemplate({ id: 't', subject: 'S', body }, fieldValues(settingFields({ 'deleted-items-migrated': answer }))).text;
    expect(render('yes')).toBe('They move.\n');
    expect(render('no')).toBe('They stay.\n');
  });

  it('marks the setting once, not a gap, while it has no value', () => {
    const body = '- ((deleted items migrated??They move.))((not deleted items migrated??They stay.))';
    const rendered = renderTemplate({ id: 't', subject: 'S', body }, fieldValues({}), { showMissing: (name) => `[not set: ${name}]` });
    expect(rendered.text).toBe('- [not set: deleted items migrated]\n');
    expect(rendered.missing).toEqual(['deleted items migrated', 'not deleted items migrated']);
  });
});

describe('a value of several lines on a list line of its own', () => {
  const body = 'Yours:\n\n- ((lists))\n\nThanks.';
  const lines = ['Ward <7> (w7@t.nhs.uk): 3 members', '**Theatres** _team_ [x](https://evil.example): 1 member', '  ', 'Old list'].join(
    '\n',
  );

  it('makes one list item a line, in the HTML and in the text, leaving out blank lines', () => {
    const rendered = renderTemplate(template(body, 'S'), fieldValues({ lists: lines }));
    expect(rendered.text).toBe(
      'Yours:\n\n- Ward <7> (w7@t.nhs.uk): 3 members\n- **Theatres** _team_ [x](https://evil.example): 1 member\n- Old list\n\nThanks.\n',
    );
    expect(rendered.bodyHtml.match(/<li /g)).toHaveLength(3);
    expect(rendered.bodyHtml).toContain('<li style="margin-bottom:8px">Ward &#60;7&#62; (w7@t.nhs.uk): 3 members</li>');
  });

  it('never reads a line as Markdown or HTML', () => {
    const { bodyHtml } = renderTemplate(template(body, 'S'), fieldValues({ lists: lines }));
    expect(bodyHtml).toContain('**Theatres** _team_ [x](https://evil.example): 1 member');
    expect(bodyHtml).not.toMatch(/<strong>|<em>|<a |<7>/);
  });

  it('joins the lines with semicolons where the value sits inside a sentence, and in the subject', () => {
    const rendered = renderTemplate(template('You own ((lists)).', 'Lists: ((lists))'), fieldValues({ lists: 'A\nB' }));
    expect(rendered.text).toBe('You own A; B.\n');
    expect(rendered.bodyHtml).toContain('You own A; B.');
    expect(rendered.subject).toBe('Lists: A; B');
  });

  it('keeps a one-line value on its list line as one item, and marks it missing when it is empty', () => {
    expect(renderTemplate(template(body, 'S'), fieldValues({ lists: 'Only one' })).text).toContain('- Only one\n');
    expect(renderTemplate(template(body, 'S'), fieldValues({ lists: '' })).missing).toEqual(['lists']);
  });
});
