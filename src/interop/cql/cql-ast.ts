/**
 * The CQL 1.2 tree (https://www.loc.gov/standards/sru/cql/spec.html), as written: index names
 * with their prefixes resolved against the prefix assignments in scope, relations and booleans
 * with their modifiers, terms with their escapes and masks still in them. cql-to-query.ts decides
 * what of it the catalog can answer.
 */
export interface CqlModifier {
  /** As written, lower case (`sort.descending`, `cql.word`). */
  name: string;
  comparison?: string;
  value?: string;
}

export interface CqlIndex {
  /** As written: `dc.title`, `title`. */
  name: string;
  /** The part before the first dot, or undefined for an unprefixed name (lower case). */
  prefix?: string;
  /** The part after it (case kept; indexes compare case-insensitively). */
  local: string;
  /** The context set URI a prefix assignment in scope gave the prefix (or the default set). */
  set?: string;
}

export interface CqlClause {
  type: 'clause';
  /** Undefined for a bare term: `cql.serverChoice =`. */
  index?: CqlIndex;
  /** The relation, lower case (`=`, `all`, `cql.any` as `any`); `=` for a bare term. */
  relation: string;
  relationModifiers: CqlModifier[];
  /** The term with CQL's escapes still in it (`\"`, `\*`), so masks can be told from text. */
  term: string;
  /** Offset of the clause in the query (UTF-16), for diagnostics. */
  at: number;
}

export type CqlBooleanOp = 'and' | 'or' | 'not' | 'prox';

export interface CqlBoolean {
  type: 'boolean';
  op: CqlBooleanOp;
  modifiers: CqlModifier[];
  left: CqlNode;
  right: CqlNode;
  at: number;
}

export type CqlNode = CqlClause | CqlBoolean;

export interface CqlSortKey {
  index: CqlIndex;
  modifiers: CqlModifier[];
}

export interface CqlQuery {
  root: CqlNode;
  sortBy: CqlSortKey[];
}
