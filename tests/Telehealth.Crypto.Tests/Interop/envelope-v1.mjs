// An independent reader and writer of Telehealth envelope format v1 (suite 0x01), written from
// FORMAT.md with Node's own crypto, used to check the specification and the C# implementation.
// Input (stdin, JSON): { mode, dataKey, context: {tenant, recordType, recordId, purpose}, ... }
import { createHash, createCipheriv, createDecipheriv, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const input = JSON.parse(await new Promise(resolve => {
  let text = '';
  process.stdin.on('data', chunk => (text += chunk));
  process.stdin.on('end', () => resolve(text));
}));

function contextHash({ tenant, recordType, recordId, purpose }) {
  const hash = createHash('sha256').update('THCTX1');
  [tenant, recordType, recordId, purpose].forEach((value, index) => {
    const bytes = Buffer.from(value, 'utf8');
    const prefix = Buffer.alloc(3);
    prefix[0] = index + 1;
    prefix.writeUInt16BE(bytes.length, 1);
    hash.update(prefix).update(bytes);
  });
  return hash.digest();
}

function messageKeys(dataKey, suite, flags) {
  const info = Buffer.concat([Buffer.from('THEV1 keys', 'ascii'), Buffer.from([suite, flags])]);
  const okm = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, 64));
  return { key: okm.subarray(0, 32), commitment: okm.subarray(32, 64) };
}

function associatedData(prefix, nonce, commitment, context) {
  return Buffer.concat([prefix.subarray(0, 7), nonce, commitment, contextHash(context)]);
}

const dataKey = Buffer.from(input.dataKey, 'hex');
if (input.mode === 'decrypt') {
  const envelope = Buffer.from(input.envelope, 'hex');
  if (envelope.subarray(0, 4).toString('ascii') !== 'THEV' || envelope[4] !== 1 || envelope[5] !== 1 || envelope[6] !== 0) {
    throw new Error('not a v1 suite-1 envelope without subject key');
  }
  let position = 8 + envelope[7] + 4;
  const wrappedLength = envelope.readUInt16BE(position);
  position += 2 + wrappedLength;
  const nonce = envelope.subarray(position, position + 12);
  const commitment = envelope.subarray(position + 12, position + 44);
  const body = envelope.subarray(position + 44);
  const keys = messageKeys(dataKey, 1, 0);
  if (!timingSafeEqual(keys.commitment, commitment)) {
    throw new Error('key commitment mismatch');
  }
  const decipher = createDecipheriv('aes-256-gcm', keys.key, nonce);
  decipher.setAAD(associatedData(envelope, nonce, commitment, input.context));
  decipher.setAuthTag(body.subarray(body.length - 16));
  const plaintext = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
  process.stdout.write(plaintext.toString('hex'));
} else {
  const keyringId = Buffer.from(input.keyringId, 'ascii');
  const wrapped = Buffer.from(input.wrappedKey, 'hex');
  const prefix = Buffer.alloc(8 + keyringId.length + 6);
  prefix.write('THEV', 0, 'ascii');
  prefix[4] = 1;
  prefix[5] = 1;
  prefix[6] = 0;
  prefix[7] = keyringId.length;
  keyringId.copy(prefix, 8);
  prefix.writeUInt32BE(input.keyVersion, 8 + keyringId.length);
  prefix.writeUInt16BE(wrapped.length, 12 + keyringId.length);
  const nonce = randomBytes(12);
  const keys = messageKeys(dataKey, 1, 0);
  const cipher = createCipheriv('aes-256-gcm', keys.key, nonce);
  cipher.setAAD(associatedData(prefix, nonce, keys.commitment, input.context));
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(input.plaintext, 'hex')), cipher.final()]);
  process.stdout.write(Buffer.concat([prefix, wrapped, nonce, keys.commitment, ciphertext, cipher.getAuthTag()]).toString('hex'));
}
