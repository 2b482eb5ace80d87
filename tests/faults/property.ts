/** The shape of one fault property: it runs against the served app and returns its figure and verdict. */

/** SuiteEnv is what every property is given. */
export interface SuiteEnv {
  /** baseURL is where the built app is served. */
  baseURL: string;
  /** fixturePort is the i-th port set aside for fixture servers (FAULTS_FIXTURE_PORT, default 4221, and up). */
  fixturePort(i: number): number;
}

/** Verdict is one property's figure (the line printed) and whether it held. */
export interface Verdict {
  figure: string;
  ok: boolean;
}

/** Property is one fault property of the suite. */
export interface Property {
  /** name is the key FAULTS_ONLY selects it by. */
  name: string;
  /** budgetMs bounds the run; past it the property fails as timed out. */
  budgetMs: number;
  run(env: SuiteEnv): Promise<Verdict>;
}

/** envNumber reads a positive number from the environment, or def. */
export function envNumber(name: string, def: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : def;
}
