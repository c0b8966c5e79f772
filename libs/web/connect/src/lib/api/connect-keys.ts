/** The connect page's query keys (public: outside the signed-in user's cache). */
export const connectKeys = {
  trade: (kasmId: string) => ['connect', 'trade', kasmId] as const,
  view: (sessionId: string) => ['connect', 'view', sessionId] as const,
  enter: (sessionId: string) => ['connect', 'enter', sessionId] as const,
};
