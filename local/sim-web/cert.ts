/**
 * Certificates of the simulated HTTPS side: one CA per process and one leaf certificate whose
 * SANs cover every simulated host. EC P-256 keys keep generation in the tens of milliseconds.
 */
import { generate } from 'selfsigned';

/** The CA and the server's leaf certificate (PEM). */
export interface SimCertificates {
  caPem: string;
  keyPem: string;
  certPem: string;
}

let caPromise: Promise<{ key: string; cert: string }> | undefined;
const leaves = new Map<string, Promise<SimCertificates>>();

function ca(): Promise<{ key: string; cert: string }> {
  caPromise ??= generate([{ name: 'commonName', value: 'Sim Gov Web Test CA' }, { name: 'organizationName', value: 'gov-portal-auditor sim-web' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  }).then((pems) => ({ key: pems.private, cert: pems.cert }));
  return caPromise;
}

/** A leaf certificate for `hosts` (plus `localhost` and 127.0.0.1), signed by the process CA. */
export function certificatesFor(hosts: readonly string[]): Promise<SimCertificates> {
  const names = [...new Set([...hosts, 'localhost'])].sort();
  const key = names.join(',');
  let leaf = leaves.get(key);
  if (!leaf) {
    leaf = ca().then(async (authority) => {
      const pems = await generate([{ name: 'commonName', value: names[0] }], {
        keyType: 'ec',
        algorithm: 'sha256',
        ca: authority,
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: [...names.map((value) => ({ type: 2 as const, value })), { type: 7, ip: '127.0.0.1' }] },
        ],
      });
      return { caPem: authority.cert, keyPem: pems.private, certPem: pems.cert };
    });
    leaves.set(key, leaf);
  }
  return leaf;
}
