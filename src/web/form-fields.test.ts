import { describe, expect, it } from 'vitest';
import { localPath } from './form-fields.js';

describe('where sign-in sends a person back to', () => {
  it.each([
    ['/timeline', '/timeline'],
    ['/audiences?saved=a%20b', '/audiences?saved=a%20b'],
    ['/café', '/caf%C3%A9'],
    ['/日本', '/%E6%97%A5%E6%9C%AC'],
    ['/a\u0001b', '/a%01b'],
    ['/\u{1F600}', '/%F0%9F%98%80'],
    ['/x\ud800', '/x%EF%BF%BD'],
  ])('keeps the local path %j, as %j', (candidate, expected) => {
    expect(localPath(candidate)).toBe(expected);
  });

  it.each([
    ['', 'nothing'],
    ['timeline', 'a relative path'],
    ['//evil.example', 'another site without a scheme'],
    ['/\\evil.example', 'a backslash browsers read as a slash'],
    ['https://evil.example/', 'another site'],
    ['/a b', 'a space'],
    ['/a\nLocation: x', 'a line break'],
    [`/${'a'.repeat(2000)}`, 'more than 2,000 characters'],
  ])('sends %j (%s) to the fallback', (candidate) => {
    expect(localPath(candidate, '/home')).toBe('/home');
  });
});
