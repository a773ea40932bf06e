// Loads .env for entry points. The environment always wins: dotenv never overrides a set variable.
import dotenv from "dotenv";

dotenv.config({ quiet: true });
