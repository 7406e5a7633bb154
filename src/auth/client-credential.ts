/**
 * The app's credential for MSAL: a client secret, or a certificate (`AZURE_CLIENT_CERTIFICATE_PATH`,
 * one PEM file holding the private key and the certificate, as the Azure SDKs expect).
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AuthConfigurationError } from './errors';

export type MsalCredential =
  { clientSecret: string } | { clientCertificate: { thumbprintSha256: string; privateKey: string; x5c: string } };

export interface CredentialSettings {
  clientSecret?: string;
  clientCertificatePath?: string;
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

export function certificateCredential(pem: string, source: string): MsalCredential {
  const certificateText = CERTIFICATE_BLOCK.exec(pem)?.[0];
  if (!certificateText) throw new AuthConfigurationError(`${source} holds no PEM certificate.`);
  let certificate: X509Certificate;
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    certificate = new X509Certificate(certificateText);
    privateKey = createPrivateKey(pem);
  } catch {
    throw new AuthConfigurationError(`${source} must hold a PEM private key and its certificate.`);
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new AuthConfigurationError(`The private key in ${source} does not belong to its certificate.`);
  }
  return {
    clientCertificate: {
      thumbprintSha256: certificate.fingerprint256.replaceAll(':', '').toLowerCase(),
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      // MSAL extracts the base64 body from the PEM itself (sent as x5c for subject-name/issuer auth).
      x5c: certificateText,
    },
  };
}

export async function loadCredential(settings: CredentialSettings): Promise<MsalCredential> {
  if (settings.clientSecret) return { clientSecret: settings.clientSecret };
  if (settings.clientCertificatePath) {
    let pem: string;
    try {
      pem = await readFile(settings.clientCertificatePath, 'utf8');
    } catch {
      throw new AuthConfigurationError(`Cannot read the client certificate file ${settings.clientCertificatePath}.`);
    }
    return certificateCredential(pem, settings.clientCertificatePath);
  }
  throw new AuthConfigurationError(
    'The app needs a credential: set AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH.',
  );
}
