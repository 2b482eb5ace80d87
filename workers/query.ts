// The query worker: one per tab; PromQL runs here, reading through a port to the storage worker.
import { expose } from 'comlink';
import { QueryService } from '../src/api/query_service';

expose(new QueryService());
