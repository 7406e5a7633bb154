/**
 * A self-signed certificate for `127.0.0.1` and `localhost`, so the emulator can serve https
 * like real Graph (the Graph SDK only treats `https://` nextLinks as absolute). The key pair
 * comes from node:crypto (fast); node-forge only builds and signs the certificate.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface SelfSignedCertificate {
  /** PEM certificate: what clients trust (`NODE_EXTRA_CA_CERTS=<file>`). */
  cert: string;
  /** PEM private key. */
  key: string;
}

export function createSelfSignedCertificate(): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  // A positive serial number: a leading 0x00-0x7f byte keeps the DER integer from going negative.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + 365 * 24 * 60 * 60 * 1000);
  const subject = [
    { name: 'commonName', value: 'Graph emulator (localhost)' },
    { name: 'organizationName', value: 'msgraph-graphql' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  // Self-signed and trusted directly, so it is its own CA; Node refuses a trusted root without cA.
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keyPem };
}
