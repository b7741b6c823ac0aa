// JUnit files read back the way CI tools read them: testsuites → testsuite → testcase (→ failure).
import { readFile } from 'node:fs/promises';
import { XMLParser } from 'fast-xml-parser';

export interface JunitCase {
  '@_name': string;
  failure?: { '@_message': string };
}

export interface JunitSuites {
  '@_tests': string;
  '@_failures': string;
  testsuite: { '@_tests': string; '@_failures': string; testcase: JunitCase[] }[];
}

/** The `testsuites` element of the JUnit file at `path`, suites and cases always as arrays. */
export async function readJunit(path: string): Promise<JunitSuites> {
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' });
  return (parser.parse(await readFile(path, 'utf8')) as { testsuites: JunitSuites }).testsuites;
}
