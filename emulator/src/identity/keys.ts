/**
 * The emulator's token-signing key: an RSA key pair generated when the emulator starts, so
 * tokens never outlive the process that issued them. Published as a JWKS like Entra ID's
 * `discovery/v2.0/keys`.
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface JsonWebKey {
  kty: 'RSA';
  use: 'sig';
  alg: 'RS256';
  kid: string;
  x5t: string;
  n: string;
  e: string;
}

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  // Entra ID's kid is a base64url SHA-1 thumbprint; the emulator derives its own the same way.
  const kid = createHash('sha1').update(der).digest('base64url');
  return { kid, privateKey, publicKey };
}

export function toJwk(key: SigningKey): JsonWebKey {
  const jwk = key.publicKey.export({ format: 'jwk' });
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new Error('RSA public key without modulus');
  return { kty: 'RSA', use: 'sig', alg: 'RS256', kid: key.kid, x5t: key.kid, n: jwk.n, e: jwk.e };
}
