/**
 * The worker thread of a rebuild's first pass (`WordThread`): it renders each article's body to
 * plain text and splits its fields into folded words, and numbers each distinct word in order of
 * first use, as `InternedAnalyzer` numbers them when it reads the words itself. It posts back each
 * chunk's word ids (one transferred array) and the words first met in it; the calling thread
 * interns, stems and counts. It loads the text modules and nothing of the engine or the store.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { plainText } from '../content/index.ts';
import { grown } from '../lib/typed-arrays.ts';
import { words as wordsOf } from '../text/index.ts';
import type { WordReply, WordRequest, WordWorkerData } from './word-thread.ts';

const { titleBoost, standfirstBoost } = workerData as WordWorkerData;
const wordIds = new Map<string, number>();
let replies: MessagePort | undefined;

parentPort!.on('message', (request: WordRequest) => {
  if ('replies' in request) {
    replies = request.replies;
    return;
  }
  const { chunk, docs } = request;
  const fresh: string[] = [];
  let ids = new Int32Array(1 << 16);
  let at = 0;
  const ends = new Int32Array(docs.length * 3);
  // A field's words, as `InternedAnalyzer.analyze` counts them: none from a field it gives no weight.
  const add = (text: string, boost: number) => {
    if (boost <= 0 || text === '') return;
    for (const w of wordsOf(text)) {
      let id = wordIds.get(w);
      if (id === undefined) {
        id = wordIds.size;
        wordIds.set(w, id);
        fresh.push(w);
      }
      if (at === ids.length) ids = grown(ids);
      ids[at++] = id;
    }
  };
  docs.forEach(([title, standfirst, body, format], k) => {
    add(title, titleBoost);
    ends[3 * k] = at;
    add(standfirst, standfirstBoost);
    ends[3 * k + 1] = at;
    add(plainText(body, format), 1);
    ends[3 * k + 2] = at;
  });
  const reply: WordReply = { chunk, fresh, ids, ends };
  replies!.postMessage(reply, [ids.buffer, ends.buffer] as ArrayBuffer[]);
});
