/**
 * A Lambda Function URL on one machine: an HTTP server on 127.0.0.1 that turns each request
 * into the payload-2.0 event Lambda sends (rawPath as received, query parameters decoded) and
 * writes the handler's answer back, so tests reach a handler with a real HTTP client.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';

export interface FunctionUrlServer {
  /** Base URL, ending in `/`. */
  url: string;
  close(): Promise<void>;
}

type UrlHandler = (event: LambdaFunctionURLEvent, context: never) => Promise<LambdaFunctionURLResult | string | void>;

export async function serveFunctionUrl(handler: UrlHandler): Promise<FunctionUrlServer> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://function-url.local');
    // The path exactly as sent: URL parsing would fold `%2e%2e` segments the handler must see.
    const rawPath = (request.url ?? '/').split('?')[0];
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath,
      rawQueryString: url.search.slice(1),
      headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])),
      queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
      requestContext: { http: { method: request.method ?? 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: '' }, requestId: crypto.randomUUID() },
      isBase64Encoded: false,
    } as unknown as LambdaFunctionURLEvent;
    const context = { awsRequestId: crypto.randomUUID(), getRemainingTimeInMillis: () => 10_000 } as never;
    handler(event, context).then(
      (result) => {
        const answer = typeof result === 'object' && result !== null ? result : { statusCode: 200, body: result ?? '' };
        response.writeHead(answer.statusCode ?? 200, answer.headers as Record<string, string> | undefined);
        response.end(answer.body ?? '');
      },
      (error: unknown) => {
        response.writeHead(502);
        response.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
