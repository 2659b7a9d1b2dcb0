/** The subset of the official Rally Node toolkit (`rally`, rally-node) the sandbox tests drive. */
declare module 'rally' {
  interface RallyQuery {
    toQueryString(): string;
    and(left: string | RallyQuery, op?: string, right?: unknown): RallyQuery;
    or(left: string | RallyQuery, op?: string, right?: unknown): RallyQuery;
  }

  interface RallyResult {
    Errors: string[];
    Warnings: string[];
  }

  interface RallyQueryResult extends RallyResult {
    TotalResultCount: number;
    StartIndex: number;
    PageSize: number;
    Results: Array<Record<string, unknown>>;
  }

  interface RallyObjectResult extends RallyResult {
    Object: Record<string, unknown>;
  }

  interface RallyCollectionResult extends RallyResult {
    Results: Array<Record<string, unknown>>;
  }

  interface RallyClient {
    query(options: {
      type?: string;
      ref?: string;
      query?: RallyQuery | string;
      fetch?: string[] | string;
      order?: string[] | string;
      start?: number;
      pageSize?: number;
      limit?: number;
      scope?: { workspace?: string; project?: string };
    }): Promise<RallyQueryResult>;
    create(options: {
      type: string;
      data: Record<string, unknown>;
      fetch?: string[];
    }): Promise<RallyObjectResult>;
    update(options: {
      ref: string;
      data: Record<string, unknown>;
      fetch?: string[];
    }): Promise<RallyObjectResult>;
    get(options: { ref: string; fetch?: string[] }): Promise<RallyObjectResult>;
    del(options: { ref: string }): Promise<RallyResult>;
    add(options: {
      ref: string;
      collection: string;
      data: Array<{ _ref: string }>;
      fetch?: string[];
    }): Promise<RallyCollectionResult>;
    remove(options: {
      ref: string;
      collection: string;
      data: Array<{ _ref: string }>;
    }): Promise<RallyCollectionResult>;
  }

  interface RallyFactory {
    (options: { apiKey?: string; user?: string; pass?: string; server?: string }): RallyClient;
    util: {
      query: { where(left: string, op: string, right: unknown): RallyQuery };
      ref: { getRelative(ref: unknown): string | null };
    };
  }

  const rally: RallyFactory;
  export default rally;
}
