import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Returns the SHA-256 of a string's UTF-8 bytes as lowercase hex. The browser's `crypto.subtle` exists only in secure
 * contexts, and a hub on a private network is often served over plain HTTP, so the app hashes its persisted
 * operations with `@noble/hashes`. The build checks the result against Node's `crypto` for every operation.
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
