/**
 * To Do ids and etags. To Do lives in the user's Exchange mailbox, so its ids are Exchange
 * item ids (`AAMkAD...AAA=`, URL-safe base64 with padding) and its etags are change keys
 * (`W/"xzyPKP0BiUGgld+lMKXwbQAAnBoTIw=="`: a per-mailbox prefix, then a change counter).
 * Ids keep their `=` padding, so clients must put them into URLs as they are.
 */
import type { SeededRandom } from '../../../tenant/random';

function randomBytes(random: SeededRandom, count: number): Buffer {
  const bytes = Buffer.alloc(count);
  for (let i = 0; i < count; i++) bytes[i] = random.int(0, 255);
  return bytes;
}

function exchangeId(prefix: string, random: SeededRandom, bytes: number): string {
  return prefix + randomBytes(random, bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

export function todoListId(random: SeededRandom): string {
  return exchangeId('AQMkADAwATM0MDAAMS', random, 55);
}

export function todoTaskId(random: SeededRandom): string {
  return exchangeId('AAMkADAwATM0MDAAMS', random, 64);
}

/** The 16 bytes every change key of one mailbox starts with. */
export function mailboxChangeKeyPrefix(random: SeededRandom): Buffer {
  return randomBytes(random, 16);
}

const COUNTER_BYTES = 6;

export function todoEtag(mailboxPrefix: Buffer, counter: number): string {
  const bytes = Buffer.alloc(mailboxPrefix.length + COUNTER_BYTES);
  mailboxPrefix.copy(bytes);
  bytes.writeUIntBE(counter, mailboxPrefix.length, COUNTER_BYTES);
  return `W/"${bytes.toString('base64')}"`;
}

function changeKeyBytes(etag: string): Buffer {
  return Buffer.from(/^W\/"(.*)"$/.exec(etag)?.[1] ?? '', 'base64');
}

/** The change key that follows `etag`: same mailbox prefix, counter plus one. */
export function nextTodoEtag(etag: string): string {
  const bytes = changeKeyBytes(etag);
  if (bytes.length <= COUNTER_BYTES) return todoEtag(Buffer.alloc(16), 1);
  const prefix = bytes.subarray(0, bytes.length - COUNTER_BYTES);
  return todoEtag(prefix, bytes.readUIntBE(prefix.length, COUNTER_BYTES) + 1);
}

/** A change key for a new item in the mailbox that `sibling` (any etag from it) belongs to. */
export function newItemTodoEtag(sibling: string, random: SeededRandom): string {
  const bytes = changeKeyBytes(sibling);
  const prefix = bytes.length > COUNTER_BYTES ? bytes.subarray(0, bytes.length - COUNTER_BYTES) : Buffer.alloc(16);
  return todoEtag(prefix, random.int(0x1000000, 0xfffffff));
}
