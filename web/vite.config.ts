import { defineConfig } from "vite";

// Everything the page needs is bundled: no CDN, no web fonts, no map tiles. The hashed files
// under assets/ may be cached for a year by browsers; index.html is checked on every load.
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080", "/healthz": "http://127.0.0.1:8080" },
  },
});
