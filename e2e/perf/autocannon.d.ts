/** The part of autocannon 9 (which ships no types) that the throughput benchmark uses. */
declare module "autocannon" {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
  }
  interface Result {
    requests: { total: number; average: number };
    errors: number;
    non2xx: number;
  }
  interface Instance extends PromiseLike<Result> {
    on(
      event: "response",
      fn: (client: unknown, statusCode: number, resBytes: unknown, responseTime: number) => void,
    ): void;
  }
  function autocannon(opts: Options): Instance;
  export default autocannon;
}
