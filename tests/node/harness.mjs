// The suite's harness: a stripe-emulator subprocess per test file, and a stripe-node client
// per test (each with its own random key, so each test is its own account on the server).
import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {createServer} from 'node:net';
import {after, before} from 'node:test';
import Stripe from 'stripe';

const BIN = process.env.STRIPE_EMULATOR_BIN || 'stripe-emulator';
const START_TIMEOUT_MS = 20_000;

/** A port the OS says is free now (the server is started on it right after). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const {port} = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthy(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/_emulator/health`);
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Start one server; resolves once `GET /_emulator/health` answers 200. */
async function startOnce(extraArgs) {
  const port = await freePort();
  const args = ['--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning',
    ...extraArgs];
  const child = spawn(BIN, args, {stdio: ['ignore', 'ignore', 'pipe']});
  // Never leave a server behind, even if this test process dies without running `after`.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.removeListener('exit', reap));
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (process.env.STRIPE_EMULATOR_VERBOSE) process.stderr.write(chunk);
  });
  let exited = null;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = {code, signal};
      resolve();
    });
    child.once('error', (err) => {
      exited = {error: err};
      resolve();
    });
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) {
      const why = exited.error ? exited.error.message : `exit ${exited.code ?? exited.signal}`;
      return {failed: `${BIN} ${args.join(' ')} ended (${why}): ${stderr.trim()}`};
    }
    if (await healthy(port)) {
      return {port, child, exit, stderr: () => stderr};
    }
    await sleep(50);
  }
  child.kill('SIGKILL');
  await exit;
  return {failed: `${BIN} did not answer /_emulator/health within ${START_TIMEOUT_MS} ms: ` +
    stderr.trim()};
}

/**
 * Start a server for the calling test file (before its tests, stopped after them).
 * Returns a handle whose `port` is set once the file's `before` hook has run.
 */
export function useEmulator(extraArgs = []) {
  const handle = {port: null, stderr: () => ''};
  let server = null;
  before(async () => {
    let failure;
    for (let attempt = 0; attempt < 3; attempt++) { // another process may take the port first
      const started = await startOnce(extraArgs);
      if (!started.failed) {
        server = started;
        handle.port = started.port;
        handle.stderr = started.stderr;
        return;
      }
      failure = started.failed;
    }
    throw new Error(failure);
  });
  after(async () => {
    if (!server) return;
    server.child.kill('SIGTERM');
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 5_000);
    await server.exit;
    clearTimeout(timer);
  });
  return handle;
}

export function randomKey() {
  return `sk_test_node_${randomBytes(12).toString('hex')}`;
}

/** A stripe-node client of the emulator, on a fresh account unless `key` is given. */
export function client(emulator, key = randomKey(), options = {}) {
  return new Stripe(key, {
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    ...options,
  });
}

/** The rejection of `promise` (fails if it resolves). */
export async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, and it succeeded');
}

/** Poll `condition` until it is truthy (returns its value) or `ms` pass. */
export async function until(condition, ms = 5_000, what = 'condition') {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
