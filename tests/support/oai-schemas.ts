import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The published schemas (OAI-PMH, oai_dc, MARC 21 slim, oai-identifier) live beside the
 * repository in ../shared/schemas (STACKS_SCHEMAS overrides), never in it; their catalog.xml maps
 * each remote address to the local file, since nothing remote can be fetched.
 */
export const SCHEMAS_DIR =
  process.env.STACKS_SCHEMAS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'schemas');

const OAI = 'http://www.openarchives.org/OAI/2.0/';
const FILES: [string, string][] = [
  [OAI, 'OAI-PMH.xsd'],
  ['http://www.openarchives.org/OAI/2.0/oai_dc/', 'oai_dc.xsd'],
  ['http://www.loc.gov/MARC21/slim', 'MARC21slim.xsd'],
  ['http://www.openarchives.org/OAI/2.0/oai-identifier', 'oai-identifier.xsd'],
];

/** Why the schema suites cannot run here, or undefined when they can. */
export async function schemaToolsMissing(): Promise<string | undefined> {
  const missing = FILES.map(([, f]) => f).filter((f) => !existsSync(path.join(SCHEMAS_DIR, f)));
  if (missing.length > 0)
    return `${SCHEMAS_DIR} lacks ${missing.join(', ')} (set STACKS_SCHEMAS or clone beside ../shared)`;
  try {
    await run('xmllint', ['--version']);
  } catch {
    return 'xmllint is not installed (Debian package libxml2-utils; npm run test:full installs it)';
  }
  return undefined;
}

export interface Validators {
  /** OAI-PMH.xsd alone, as its MANIFEST says: for responses with no metadata or description. */
  envelope(file: string): Promise<string>;
  /**
   * OAI-PMH.xsd with the schemas of what its strict wildcards hold (oai_dc, MARC 21 slim, the
   * oai-identifier description), through a driver schema that imports the four by file path.
   */
  full(file: string): Promise<string>;
  dir: string;
}

export function validators(): Validators {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stacks-oai-xsd-'));
  const driver = path.join(dir, 'driver.xsd');
  const imports = FILES.map(
    ([ns, f]) => `  <xs:import namespace="${ns}" schemaLocation="file://${path.join(SCHEMAS_DIR, f)}"/>`,
  );
  writeFileSync(
    driver,
    [
      '<?xml version="1.0"?>',
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:stacks:test:oai-driver">',
      ...imports,
      '</xs:schema>',
      '',
    ].join('\n'),
  );
  const lint = async (schema: string, file: string): Promise<string> => {
    const env = { ...process.env, XML_CATALOG_FILES: path.join(SCHEMAS_DIR, 'catalog.xml') };
    try {
      const { stderr } = await run('xmllint', ['--noout', '--nonet', '--schema', schema, file], { env });
      return stderr.trim();
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`xmllint refused ${path.basename(file)}:\n${e.stderr ?? e.message}`, { cause: err });
    }
  };
  return {
    envelope: (file) => lint(path.join(SCHEMAS_DIR, 'OAI-PMH.xsd'), file),
    full: (file) => lint(driver, file),
    dir,
  };
}
