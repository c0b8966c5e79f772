/** Types of xrdp-server.mjs (a real xrdp server in a container, for tests and benchmarks). */
export declare const XRDP_TEST_IMAGE: string;
export declare const XRDP_USER: string;
export declare const XRDP_BLUE: number;
export declare function execText(containerId: string, argv: string[], user?: string): Promise<string>;
export declare class XrdpServer {
  readonly address: string;
  readonly password: string;
  containerId: string;
  constructor(runId: string, index: number, password?: string, options?: { hold?: boolean });
  start(): Promise<void>;
  release(): Promise<void>;
  home(file: string): Promise<string>;
  stop(): Promise<void>;
}
