/** The runner cannot play a pipeline as written: each problem names the field (`spec.vertices[2].udf...`). */
export class PipelineRefusedError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`cannot play ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PipelineRefusedError';
  }
}

/** A UDF child process stopped while the pipeline still needed it. */
export class VertexDiedError extends Error {
  constructor(
    readonly vertex: string,
    readonly exit: { code: number | null; signal: NodeJS.Signals | null },
    readonly logPath: string,
    readonly logTail: string,
  ) {
    const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
    super(`vertex "${vertex}" stopped unexpectedly (${how}); last lines of ${logPath}:\n${logTail}`);
    this.name = 'VertexDiedError';
  }
}

/** The run was stopped from outside (abort signal, Ctrl-C). */
export class RunAbortedError extends Error {
  constructor(reason: string) {
    super(`run aborted: ${reason}`);
    this.name = 'RunAbortedError';
  }
}
