import { defineConfig } from 'vite';

// Two ways to reach the gateway (`npm start` in the repository root):
// - by default the app calls `/graphql` on its own origin and Vite forwards it to GATEWAY_URL
//   (http://localhost:4000 unless set), so the browser needs no CORS; its subscriptions'
//   WebSocket (`ws://<this origin>/graphql`) goes through the same proxy;
// - built with VITE_GRAPHQL_URL=http://localhost:4000/graphql, the app calls the gateway on its
//   origin directly (CORS: `npm start` allows pages on localhost; the WebSocket to
//   ws://localhost:4000/graphql), and Vite forwards nothing.
const gateway = process.env.GATEWAY_URL ?? 'http://localhost:4000';
const proxy = process.env.VITE_GRAPHQL_URL
  ? undefined
  : { '/graphql': { target: gateway, changeOrigin: true, ws: true }, '/possible-types.json': { target: gateway, changeOrigin: true } };

export default defineConfig({
  server: { proxy },
  preview: { proxy },
});
