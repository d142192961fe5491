import { describe, expect, it } from 'vitest';
import { SqliteDriver } from './sqlite-driver.js';
import { keepingStatements } from './statement-cache.js';

describe('keepingStatements', () => {
  const open = () => {
    const sqlite = new SqliteDriver(':memory:');
    sqlite.exec('CREATE TABLE t (n INTEGER)');
    sqlite.exec('INSERT INTO t VALUES (1), (2), (3)');
    return sqlite;
  };

  it('hands out the same statement for the same SQL', () => {
    const connection = keepingStatements(open());
    expect(connection.prepare('SELECT n FROM t')).toBe(connection.prepare('SELECT n FROM t'));
  });

  it('prepares a fresh statement while the kept one is still being read', () => {
    const connection = keepingStatements(open());
    const first = connection.prepare('SELECT n FROM t ORDER BY n');
    const reading = first.iterate([]);
    reading.next();
    const second = connection.prepare('SELECT n FROM t ORDER BY n');
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...reading]).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it('keeps at most the number asked, dropping the least recently used', () => {
    const connection = keepingStatements(open(), 2);
    const a = connection.prepare('SELECT 1');
    const b = connection.prepare('SELECT 2');
    expect(connection.prepare('SELECT 1')).toBe(a);
    connection.prepare('SELECT 3');
    expect(connection.prepare('SELECT 1')).toBe(a);
    expect(connection.prepare('SELECT 2')).not.toBe(b);
  });

  it('still sees a table created after a statement was kept', () => {
    const sqlite = open();
    const connection = keepingStatements(sqlite);
    expect(connection.prepare('SELECT count(*) AS n FROM t').all([])).toEqual([{ n: 3 }]);
    sqlite.exec('ALTER TABLE t ADD COLUMN label TEXT');
    sqlite.exec('INSERT INTO t (n, label) VALUES (4, NULL)');
    expect(connection.prepare('SELECT count(*) AS n FROM t').all([])).toEqual([{ n: 4 }]);
  });
});
