/**
 * The embedded stack as the CLI uses it: started on the user's data folder (default
 * `.gov-audit/`), with the stores built by the Lambdas' composition root
 * (functions/commons/wiring.ts) from the stack's environment. The evaluation window is read
 * from the same variables as the Lambdas' (EVAL_WINDOW_START, EVAL_WINDOW_END, TIME_ZONE; on AWS
 * the stack sets them from cdk.json), default 1 August – 31 October in Asia/Ho_Chi_Minh.
 */
import { WINDOW_VARIABLES, wiring } from '../../functions/commons/wiring.ts';
import { DataDirInUseError, startEmbeddedStack } from '../../local/stack/embedded-stack.ts';
import { UsageError } from './usage-error.ts';

export type LocalSession = Awaited<ReturnType<typeof openLocalSession>>;

export async function openLocalSession(options: { dataDir?: string; inMemory?: boolean }) {
  let stack;
  try {
    stack = await startEmbeddedStack({ dataDir: options.dataDir, inMemory: options.inMemory, visibilityTimeoutSeconds: 30, maxReceiveCount: 5 });
  } catch (error) {
    if (error instanceof DataDirInUseError) throw new UsageError(error.message, error.vi);
    throw error;
  }
  const env = { ...stack.env, ...windowVariables(process.env) };
  const wire = wiring(env);
  const clients = wire.clients;
  return {
    env,
    clients,
    targets: wire.targets(),
    runs: wire.runs(),
    findings: wire.findings(),
    ledger: wire.ledger(),
    traffic: wire.traffic(),
    overrides: wire.overrides(),
    evidence: wire.files(),
    window: wire.window(),
    async close() {
      clients.dynamo.destroy();
      clients.s3.destroy();
      clients.sqs.destroy();
      await stack.stop();
    },
  };
}

/** The evaluation window's variables that are set in `source`. */
function windowVariables(source: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(WINDOW_VARIABLES.flatMap((name) => (source[name] ? [[name, source[name]]] : [])));
}
