// Preloaded into a child process by the air-gap test: records the host of every outgoing TCP connection and DNS
// lookup to the file named by LIANFANG_CONNECTION_LOG, one per line.

import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const logFile = process.env.LIANFANG_CONNECTION_LOG;
const record = (kind, host) => {
  if (logFile) appendFileSync(logFile, `${kind} ${host}\n`);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function recordedConnect(...args) {
  const [first] = args;
  const options = Array.isArray(first) ? first[0] : first;
  if (options && typeof options === 'object' && !options.path) record('connect', options.host ?? 'localhost');
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function recordedLookup(hostname, ...rest) {
  record('lookup', hostname);
  return lookup.call(this, hostname, ...rest);
};
