/**
 * The worker thread of `VectorThread`: builds the search vectors of the texts it is sent
 * (`SearchVectorBuilder`, with its own remembered stems) and answers with them packed in one
 * buffer, moved to the caller, not copied. It reads and writes nothing else.
 */
import { parentPort } from 'node:worker_threads';
import { SearchVectorBuilder } from './search-vectors.ts';
import { packVectors, type VectorRequest } from './vector-thread.ts';

const port = parentPort!;
const builder = new SearchVectorBuilder();

port.on('message', (request: VectorRequest) => {
  const reply = packVectors(
    request.id,
    request.texts.map(([headline, standfirst, body]) => builder.build(headline, standfirst, body)),
  );
  port.postMessage(reply, [reply.bytes.buffer, reply.layout.buffer]);
});
