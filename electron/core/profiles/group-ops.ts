/** Sidebar groups, as changes of the shared document. */
import type { ApiError } from '../../../shared/ipc/contract';
import type { Group, GroupDraft } from '../../../shared/profile/profile';
import { ok, type Result } from '../../../shared/result';
import { notFound, reorder, type OpsContext } from './profile-ops';

export interface GroupOps {
  listGroups(): Group[];
  saveGroup(draft: GroupDraft): Promise<Result<Group, ApiError>>;
  deleteGroup(id: string): Promise<Result<{ id: string }, ApiError>>;
  reorderGroups(ids: string[]): Promise<Result<Group[], ApiError>>;
}

/** The group operations over `ctx.doc`. */
export function groupOps({ doc, newId }: OpsContext): GroupOps {
  return {
    listGroups: () => structuredClone(doc.current().groups),
    saveGroup: (draft) =>
      doc.mutate((d) => {
        if (draft.id !== undefined) {
          const g = d.groups.find((x) => x.id === draft.id);
          if (!g) return notFound('group', draft.id);
          g.name = draft.name;
          if (draft.collapsed !== undefined) g.collapsed = draft.collapsed;
          return ok({ ...g });
        }
        const g: Group = { id: newId(), name: draft.name, collapsed: draft.collapsed ?? false };
        d.groups.push(g);
        return ok({ ...g });
      }),
    deleteGroup: (id) =>
      doc.mutate((d) => {
        if (!d.groups.some((g) => g.id === id)) return notFound('group', id);
        d.groups = d.groups.filter((g) => g.id !== id);
        for (const p of d.profiles) if (p.groupId === id) p.groupId = null;
        return ok({ id });
      }),
    reorderGroups: (ids) =>
      doc.mutate((d) => {
        d.groups = reorder(d.groups, ids);
        return ok(d.groups);
      }),
  };
}
