import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';

export interface StreamFrame {
  event: string | undefined;
  data: string | undefined;
  retry: number | undefined;
  comments: string[];
}

/** A Server-Sent Events client over real HTTP: frames are parsed as they arrive; tests await them. */
export interface EventStreamClient {
  status: number;
  headers: IncomingMessage['headers'];
  frames: StreamFrame[];
  /** resolves with the first frame (already received or still to come) that matches */
  next(match: (frame: StreamFrame) => boolean): Promise<StreamFrame>;
  /** resolves with the JSON data of the first frame of this event type whose data matches */
  nextEvent<T = any>(type: string, match?: (data: T) => boolean): Promise<T>;
  close(): void;
  /** resolves when the server ends the stream */
  ended: Promise<void>;
}

export function parseFrame(block: string): StreamFrame {
  const frame: StreamFrame = { event: undefined, data: undefined, retry: undefined, comments: [] };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) frame.comments.push(line.slice(1).trim());
    else if (line.startsWith('event: ')) frame.event = line.slice(7);
    else if (line.startsWith('data: ')) frame.data = frame.data === undefined ? line.slice(6) : `${frame.data}\n${line.slice(6)}`;
    else if (line.startsWith('retry: ')) frame.retry = Number(line.slice(7));
  }
  return frame;
}

export function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  return new Promise((resolve, reject) => {
    const frames: StreamFrame[] = [];
    const waiters: Array<{ match: (f: StreamFrame) => boolean; resolve: (f: StreamFrame) => void; from: number }> = [];
    let req: ClientRequest;
    let endedResolve: () => void = () => undefined;
    const ended = new Promise<void>((r) => (endedResolve = r));
    req = httpRequest(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = parseFrame(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
          frames.push(frame);
          for (const w of [...waiters]) {
            if (w.match(frame)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(frame);
            }
          }
        }
      });
      res.on('end', () => endedResolve());
      res.on('close', () => endedResolve());
      res.on('error', () => endedResolve());
      const client: EventStreamClient = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        frames,
        ended,
        next(match) {
          const seen = frames.find(match);
          if (seen) return Promise.resolve(seen);
          return new Promise((r) => waiters.push({ match, resolve: r, from: frames.length }));
        },
        async nextEvent(type, match = () => true) {
          const frame = await client.next((f) => f.event === type && match(JSON.parse(f.data ?? 'null')));
          return JSON.parse(frame.data!);
        },
        close() {
          req.destroy();
        },
      };
      resolve(client);
    });
    req.on('error', reject);
    req.end();
  });
}
