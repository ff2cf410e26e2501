import { DomainError } from '../../src/domain/errors';
import { spaceClause, windowJql } from '../../src/services/project-data';
import { spaceOf } from '../../src/services/space-access';

/** One rule for a space's reference (src/services/space-access.ts), and one way to name it in JQL. */

test("a space is Jira's id, key and name; its name falls back to its key", () => {
  expect(spaceOf({ id: '10000', key: 'AGPUSH', name: 'AeroGear Push' })).toEqual({
    id: '10000',
    key: 'AGPUSH',
    name: 'AeroGear Push',
  });
  expect(spaceOf({ id: '10000', key: 'AGPUSH' }).name).toBe('AGPUSH');
});

test('a space without an id is an error, never its key or an empty id standing in for it', () => {
  for (const project of [{ key: 'AGPUSH' }, { id: '', key: 'AGPUSH' }]) {
    let thrown: unknown;
    try {
      spaceOf(project);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: 'INTERNAL', message: 'Jira gave no id for the space AGPUSH.' });
  }
});

test('JQL names a space by its id, or by its key quoted and escaped where there is no id', () => {
  expect(spaceClause({ id: '10000', key: 'AGPUSH' })).toBe('project = 10000');
  expect(spaceClause({ key: 'AGPUSH' })).toBe('project = "AGPUSH"');
  expect(spaceClause({ key: 'A"B\\C' })).toBe('project = "A\\"B\\\\C"');
  expect(windowJql({ id: '10000', key: 'AGPUSH' }, undefined)).toBe('project = 10000 ORDER BY key ASC');
});
