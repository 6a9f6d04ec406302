import { SRU_DIAGNOSTICS, SruDiagnostic } from './sru-diagnostic';

/**
 * SRU's request parameters, read from a GET query or a POST form: which version and operation,
 * and each parameter checked as the spec says (integers, known names). Every mistake is a
 * diagnostic, answered in the version the client asked for whenever that version is one we speak.
 */
export type SruVersion = '1.2' | '2.0';
export type SruOperation = 'explain' | 'searchRetrieve' | 'scan';
export type RawParams = Record<string, unknown>;

export const DEFAULT_VERSION: SruVersion = '1.2';

const COMMON = ['operation', 'version', 'stylesheet', 'extraRequestData'];
const ALLOWED: Readonly<Record<SruOperation, readonly string[]>> = {
  explain: [...COMMON, 'recordPacking', 'recordXMLEscaping'],
  searchRetrieve: [
    ...COMMON,
    'query',
    'queryType',
    'startRecord',
    'maximumRecords',
    'recordPacking',
    'recordXMLEscaping',
    'recordSchema',
    'recordXPath',
    'resultSetTTL',
    'sortKeys',
    'httpAccept',
    'responseType',
  ],
  scan: [...COMMON, 'scanClause', 'responsePosition', 'maximumTerms'],
};

export class SruParams {
  readonly version: SruVersion;
  /** The version the client asked for could not be honoured (diagnostic 5, answered in 1.2). */
  readonly versionProblem?: SruDiagnostic;

  constructor(private readonly raw: RawParams) {
    const asked = this.first('version');
    if (asked === undefined || asked === '1.1' || asked === '1.2') this.version = '1.2';
    else if (asked === '2.0') this.version = '2.0';
    else {
      this.version = DEFAULT_VERSION;
      this.versionProblem = new SruDiagnostic(
        SRU_DIAGNOSTICS.version,
        '2.0',
        `SRU version \`${asked}\` is not supported: use 1.2 or 2.0`,
      );
    }
  }

  /** The operation: named, or (2.0, and for a bare GET) implied by the parameters given. */
  operation(): SruOperation {
    const name = this.first('operation');
    if (name === undefined) {
      if (this.first('query') === undefined) return 'explain';
      if (this.version === '2.0') return 'searchRetrieve';
      throw new SruDiagnostic(
        SRU_DIAGNOSTICS.missingParameter,
        'operation',
        'SRU 1.2 needs operation=searchRetrieve',
      );
    }
    if (name === 'explain' || name === 'searchRetrieve' || name === 'scan') return name;
    throw new SruDiagnostic(
      SRU_DIAGNOSTICS.operation,
      name,
      `unknown operation \`${name}\`: use explain, searchRetrieve or scan`,
    );
  }

  /** Parameters this operation does not take; `x-` extensions are allowed and ignored. */
  checkNames(operation: SruOperation): void {
    const allowed = ALLOWED[operation];
    for (const name of Object.keys(this.raw)) {
      if (name.startsWith('x-') || allowed.includes(name)) continue;
      throw new SruDiagnostic(
        SRU_DIAGNOSTICS.unsupportedParameter,
        name,
        `${operation} does not take the parameter \`${name}\``,
      );
    }
    if (this.first('stylesheet') !== undefined) {
      throw new SruDiagnostic(SRU_DIAGNOSTICS.stylesheet, undefined, 'stylesheets are not supported');
    }
  }

  /** A parameter's one value; given twice it is a diagnostic (6), since SRU parameters are single. */
  first(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    throw new SruDiagnostic(
      SRU_DIAGNOSTICS.parameterValue,
      name,
      `the parameter \`${name}\` was given more than once`,
    );
  }

  required(name: string): string {
    const value = this.first(name);
    if (value === undefined || value.trim() === '') {
      throw new SruDiagnostic(
        SRU_DIAGNOSTICS.missingParameter,
        name,
        `the parameter \`${name}\` is required`,
      );
    }
    return value;
  }

  /** A non-negative integer parameter, or its default. */
  integer(name: string, fallback: number, min = 0): number {
    const text = this.first(name);
    if (text === undefined || text.trim() === '') return fallback;
    const value = /^\s*\d{1,9}\s*$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(value) || value < min) {
      throw new SruDiagnostic(
        SRU_DIAGNOSTICS.parameterValue,
        name,
        `\`${name}\` must be an integer of at least ${min}, not \`${text.slice(0, 40)}\``,
      );
    }
    return value;
  }

  /**
   * Whether records go as XML or as escaped text: SRU 1.2's recordPacking (xml | string); 2.0's
   * recordXMLEscaping (xml | string), where recordPacking means packed | unpacked instead.
   */
  escaping(): 'xml' | 'string' {
    const name = this.version === '2.0' ? 'recordXMLEscaping' : 'recordPacking';
    const value = this.first(name) ?? this.legacyPacking() ?? 'xml';
    if (value === 'xml' || value === 'string') return value;
    throw new SruDiagnostic(
      SRU_DIAGNOSTICS.recordPacking,
      value,
      `${name} \`${value}\` is not supported: use xml or string`,
    );
  }

  /** 2.0's recordPacking: `packed` is what we do; 1.2 clients' xml|string is read as escaping. */
  private legacyPacking(): string | undefined {
    if (this.version !== '2.0') return undefined;
    const packing = this.first('recordPacking');
    if (packing === undefined || packing === 'packed') return undefined;
    if (packing === 'xml' || packing === 'string') return packing;
    throw new SruDiagnostic(
      SRU_DIAGNOSTICS.recordPacking,
      packing,
      `recordPacking \`${packing}\` is not supported: records are packed`,
    );
  }
}
