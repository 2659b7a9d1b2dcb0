/**
 * What Rally itself says users hold, read straight from the sandbox's WSAPI (no connector code):
 * every WorkspacePermission and ProjectPermission, as the entitlement ids the SCIM API uses.
 */
export async function rallyEntitlements(wsapi: string, apiKey: string): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  for (const kind of ['workspace', 'project'] as const) {
    for (let start = 1; ; start += 2000) {
      const res = await fetch(
        `${wsapi}/${kind}permission?fetch=Role,User,Workspace,Project&pagesize=2000&start=${start}`,
        { headers: { ZSESSIONID: apiKey } },
      );
      const body = (await res.json()) as {
        QueryResult: { TotalResultCount: number; Results: Array<Record<string, { _ref: string } | string>> };
      };
      for (const p of body.QueryResult.Results) {
        const user = oid(p.User);
        const target = oid(kind === 'workspace' ? p.Workspace : p.Project);
        const role = kind === 'project' && p.Role === 'Admin' ? 'ProjectAdmin' : String(p.Role);
        if (!out.has(user)) out.set(user, new Set());
        out.get(user)!.add(`${kind}:${target}:${role}`);
      }
      if (start + 2000 > body.QueryResult.TotalResultCount) break;
    }
  }
  return out;
}

function oid(ref: unknown): number {
  const m = /\/(\d+)$/.exec((ref as { _ref: string })._ref);
  if (!m) throw new Error(`not a ref: ${JSON.stringify(ref)}`);
  return Number(m[1]);
}

/** The workspace a project lives in, from WSAPI. */
export async function rallyProjects(
  wsapi: string,
  apiKey: string,
): Promise<Array<{ id: number; name: string; workspaceId: number; state: string }>> {
  const res = await fetch(`${wsapi}/project?fetch=ObjectID,Name,State,Workspace&pagesize=2000`, {
    headers: { ZSESSIONID: apiKey },
  });
  const body = (await res.json()) as {
    QueryResult: {
      Results: Array<{ ObjectID: number; Name: string; State: string; Workspace: { _ref: string } }>;
    };
  };
  return body.QueryResult.Results.map((p) => ({
    id: p.ObjectID,
    name: p.Name,
    state: p.State,
    workspaceId: oid(p.Workspace),
  }));
}

export const entitlementIds = (user: { entitlements?: Array<{ value: string }> }): string[] =>
  (user.entitlements ?? []).map((e) => e.value).sort();
