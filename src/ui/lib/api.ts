/** api is the page's one connection to the workers, opened on first use. */
import { connect, type Connection } from './connect';

let conn: Connection | null = null;

/** api returns the shared connection. */
export function api(): Connection {
  conn ??= connect();
  return conn;
}
