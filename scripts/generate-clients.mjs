// postinstall: npm install prunes generated clients from node_modules; put them back.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateClients } from "./lib/generate-clients.mjs";

generateClients(path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."), (message) => console.log(`[postinstall] ${message}`));
