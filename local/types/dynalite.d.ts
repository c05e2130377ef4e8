/** Types of dynalite 4 (an in-process DynamoDB on LevelDB), which ships none. */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** LevelDB directory; in memory when absent. */
    path?: string;
    /** Time tables stay CREATING / DELETING / UPDATING (default 500 ms each). */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    /** Largest item in KB (default 400, as DynamoDB). */
    maxItemSizeKb?: number;
    ssl?: boolean;
    verbose?: boolean;
    debug?: boolean;
  }

  /** An HTTP server speaking the DynamoDB API; `close()` also closes the database. */
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}
