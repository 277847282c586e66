import type { Socket } from "node:net";
import { SMTPServer, type SMTPServerSession } from "smtp-server";

/**
 * A real SMTP server (npm smtp-server) on 127.0.0.1 for the delivery tests, with faults injected on cue: a reply code
 * for a connection or a recipient, a connection dropped in the middle of DATA, a reply held past the client's timeout,
 * a hook at the moment a message's data is complete (to kill the sender there). It counts what it took: a message is
 * *received* once its whole data has arrived, whether or not its 250 ever reached the sender (the pessimistic view a
 * duplicate check needs).
 */

export interface Received {
  to: string;
  raw: Buffer;
  /** Milliseconds since the server started. */
  at: number;
}

export interface Faults {
  /** A reply code for the n-th connection (1-based) instead of the greeting (421: service not available). */
  greeting?: (connection: number) => number | undefined;
  /** A reply code for RCPT TO of `address` on its n-th try (1-based): 451, 550 … */
  rcpt?: (address: string, attempt: number) => number | undefined;
  /** Never greet the n-th connection (1-based): a server that accepts connections and says nothing. */
  holdGreeting?: (connection: number) => boolean;
  /** Runs when RCPT TO for `address` arrives, on its n-th try. */
  onRcpt?: (address: string, attempt: number) => void;
  /** Hold the RCPT reply this long on the n-th try (a server slower than the sender's timeout). */
  slowRcptMs?: (address: string, attempt: number) => number;
  /** Drop the connection once part of the message's data has arrived, on the n-th DATA for `address`. */
  dropInData?: (address: string, attempt: number) => boolean;
  /** Offer STARTTLS (with smtp-server's own self-signed certificate), as most servers do. */
  startTls?: boolean;
  /** Required credentials; none: no AUTH. */
  auth?: { user: string; pass: string };
  /** Runs when the first part of a message's data arrives. */
  onDataStart?: (address: string) => void;
  /** Runs when a message's data is complete, before the server replies; "no-reply" leaves the sender waiting. */
  onData?: (address: string, received: number) => "reply" | "no-reply";
  /** Runs right after the server replied 250 to a message. */
  afterReply?: (address: string, received: number) => void;
}

export class TestSmtpServer {
  readonly received: Received[] = [];
  readonly rcptTries = new Map<string, number>();
  readonly dataTries = new Map<string, number>();
  readonly mailFromTimes: number[] = [];
  /** Whether each message's session was over TLS. */
  readonly secure: boolean[] = [];
  connections = 0;
  authFailures = 0;
  port = 0;
  private readonly server: SMTPServer;
  private readonly sockets = new Map<number, Socket>();
  private readonly started = Date.now();

  constructor(public faults: Faults = {}) {
    this.server = new SMTPServer({
      // No TLS on loopback: the sender would upgrade where STARTTLS is offered, to a certificate nobody signed.
      disabledCommands: [...(faults.startTls ? [] : ["STARTTLS"]), ...(faults.auth ? [] : ["AUTH"])],
      allowInsecureAuth: true,
      authOptional: !faults.auth,
      logger: false,
      size: 10 * 1024 * 1024,
      onConnect: (session, callback) => {
        const n = ++this.connections;
        const code = this.faults.greeting?.(n);
        if (code) return callback(Object.assign(new Error("Service not available, try later"), { responseCode: code }));
        if (this.faults.holdGreeting?.(n)) return;
        callback();
      },
      onAuth: (auth, _session, callback) => {
        const expected = this.faults.auth;
        if (expected && auth.username === expected.user && auth.password === expected.pass) return callback(null, { user: auth.username });
        this.authFailures++;
        callback(Object.assign(new Error("Authentication credentials invalid"), { responseCode: 535 }));
      },
      onMailFrom: (_address, _session, callback) => {
        this.mailFromTimes.push(Date.now() - this.started);
        callback();
      },
      onRcptTo: (address, _session, callback) => {
        const to = address.address.toLowerCase();
        const n = (this.rcptTries.get(to) ?? 0) + 1;
        this.rcptTries.set(to, n);
        this.faults.onRcpt?.(to, n);
        const code = this.faults.rcpt?.(to, n);
        const reply = () =>
          code ? callback(Object.assign(new Error(code >= 500 ? "No such user here" : "Try again later"), { responseCode: code })) : callback();
        const delay = this.faults.slowRcptMs?.(to, n) ?? 0;
        if (delay) setTimeout(reply, delay);
        else reply();
      },
      onData: (stream, session, callback) => {
        const to = session.envelope.rcptTo[0]?.address.toLowerCase() ?? "";
        const n = (this.dataTries.get(to) ?? 0) + 1;
        this.dataTries.set(to, n);
        const drop = this.faults.dropInData?.(to, n) ?? false;
        const chunks: Buffer[] = [];
        let dropped = false;
        // A sender gone in the middle of the data: the stream is destroyed, never ended, and nothing is received.
        stream.on("error", () => {});
        stream.on("data", (chunk: Buffer) => {
          if (!chunks.length) this.faults.onDataStart?.(to);
          chunks.push(chunk);
          if (drop && !dropped) {
            dropped = true;
            this.socketOf(session)?.destroy();
          }
        });
        stream.on("end", () => {
          if (dropped) return;
          this.received.push({ to, raw: Buffer.concat(chunks), at: Date.now() - this.started });
          this.secure.push(session.secure);
          const count = this.received.length;
          if (this.faults.onData?.(to, count) === "no-reply") return;
          callback(null, "OK: queued");
          this.faults.afterReply?.(to, count);
        });
      },
    });
    // A sender killed or timed out resets its connection: that is the point of these tests, not an error of theirs.
    this.server.on("error", () => {});
    this.server.server.on("connection", (socket: Socket) => {
      socket.on("error", () => {});
      const port = socket.remotePort!;
      this.sockets.set(port, socket);
      socket.on("close", () => this.sockets.delete(port));
    });
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => resolve());
    });
    this.port = (this.server.server.address() as { port: number }).port;
    return this.port;
  }

  url(credentials = ""): string {
    return `smtp://${credentials ? `${credentials}@` : ""}127.0.0.1:${this.port}`;
  }

  /** How many messages `address` received. */
  receivedBy(address: string): number {
    return this.received.filter((r) => r.to === address.toLowerCase()).length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets.values()) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private socketOf(session: SMTPServerSession): Socket | undefined {
    return this.sockets.get(session.remotePort);
  }
}
