import { defineConfig } from 'vite';

// The app calls `/graphql` on its own origin; Vite forwards it to the gateway (`npm start` in the
// repository root), so the browser needs no CORS. GATEWAY_URL points elsewhere.
const gateway = process.env.GATEWAY_URL ?? 'http://localhost:4000';
const proxy = { '/graphql': { target: gateway, changeOrigin: true } };

export default defineConfig({
  server: { proxy },
  preview: { proxy },
});
