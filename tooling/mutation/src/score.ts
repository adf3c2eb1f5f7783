/** Counts from a Stryker JSON report (mutation-testing-report-schema). */
export interface ModuleScore {
  name: string;
  /** (killed + timeout) / (killed + timeout + survived + no coverage), in percent. */
  score: number;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  seconds: number;
}

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

export function scoreOf(report: Report): Omit<ModuleScore, "name" | "seconds"> {
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 } as Record<string, number>;
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      if (mutant.status in counts) counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
    }
  }
  const killed = counts.Killed ?? 0;
  const timeout = counts.Timeout ?? 0;
  const survived = counts.Survived ?? 0;
  const noCoverage = counts.NoCoverage ?? 0;
  const detected = killed + timeout;
  const valid = detected + survived + noCoverage;
  return {
    score: valid === 0 ? 100 : (100 * detected) / valid,
    killed,
    timeout,
    survived,
    noCoverage,
  };
}
