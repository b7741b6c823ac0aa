// What a drop in the sidebar means: a group dropped on another takes its place; a profile dropped
// on a profile takes that place (after it when moving down its own group), on a group joins its end.
import { describe, expect, it } from 'vitest';
import { dragId, groupOrderAfterDrop, parseDragId, profilePlaceAfterDrop } from '../../../../../renderer/features/sidebar/sidebar-dnd';
import { profile } from '../../../../support/renderer/fixtures';

const groups = ['a', 'b', 'c'].map((id) => ({ id, name: id, collapsed: false }));
const profiles = [
  profile('t1'),
  profile('a1', { groupId: 'a' }),
  profile('a2', { groupId: 'a' }),
  profile('a3', { groupId: 'a' }),
  profile('b1', { groupId: 'b' }),
];

describe('sidebar drag and drop', () => {
  it('keeps group and profile ids apart, ids with colons too', () => {
    expect(parseDragId(dragId('group', 'x:y'))).toEqual({ kind: 'group', id: 'x:y' });
    expect(parseDragId(dragId('profile', 'p'))).toEqual({ kind: 'profile', id: 'p' });
    expect(parseDragId('other:1')).toBeNull();
    expect(parseDragId('nocolon')).toBeNull();
  });

  it('a group takes the place of the group it is dropped on', () => {
    expect(groupOrderAfterDrop(groups, 'c', 'a')).toEqual(['c', 'a', 'b']);
    expect(groupOrderAfterDrop(groups, 'a', 'c')).toEqual(['b', 'c', 'a']);
    expect(groupOrderAfterDrop(groups, 'a', 'a')).toBeNull();
    expect(groupOrderAfterDrop(groups, 'a', 'zz')).toBeNull();
  });

  it('a profile lands before the profile it is dropped on, after it when moving down its group', () => {
    expect(profilePlaceAfterDrop(profiles, 'a3', { kind: 'profile', id: 'a1' })).toEqual({ groupId: 'a', beforeId: 'a1' });
    expect(profilePlaceAfterDrop(profiles, 'a1', { kind: 'profile', id: 'a2' })).toEqual({ groupId: 'a', beforeId: 'a3' });
    // The last of a group: after it comes the next group's first, which keeps it last in its own.
    expect(profilePlaceAfterDrop(profiles, 'a1', { kind: 'profile', id: 'a3' })).toEqual({ groupId: 'a', beforeId: 'b1' });
    expect(profilePlaceAfterDrop(profiles, 'b1', { kind: 'profile', id: 'a2' })).toEqual({ groupId: 'a', beforeId: 'a2' });
    expect(profilePlaceAfterDrop(profiles, 'a2', { kind: 'profile', id: 't1' })).toEqual({ groupId: null, beforeId: 't1' });
    expect(profilePlaceAfterDrop(profiles, 'a2', { kind: 'profile', id: 'a2' })).toBeNull();
  });

  it('a profile dropped on a group joins its end; on its own group nothing changes', () => {
    expect(profilePlaceAfterDrop(profiles, 't1', { kind: 'group', id: 'b' })).toEqual({ groupId: 'b', beforeId: null });
    expect(profilePlaceAfterDrop(profiles, 'a1', { kind: 'group', id: 'a' })).toBeNull();
  });
});
