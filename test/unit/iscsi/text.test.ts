import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { IscsiPduError } from '../../../src/iscsi/pduError.ts';
import { sessionParameters } from '../../../src/iscsi/sessionParameters.ts';
import { DEFAULT_POLICY, acceptAnswer, answerOffer, firstBurstIrrelevant, initiatorOffers } from '../../../src/iscsi/text/negotiation.ts';
import { NegotiationError } from '../../../src/iscsi/text/negotiationError.ts';
import { parseText, serializeText } from '../../../src/iscsi/text/textCodec.ts';
import { parseBinary, parseNumber, parseRange } from '../../../src/iscsi/text/values.ts';
import { ascii } from './fixtures.ts';

describe('text key=value codec', () => {
  it('parses NUL-separated pairs, keeping order and repeats', () => {
    const bytes = ascii('TargetName=iqn.a\0TargetAddress=10.0.0.1:3260,1\0TargetAddress=[::1]:3260,1\0');
    assert.deepEqual(parseText(bytes), [['TargetName', 'iqn.a'], ['TargetAddress', '10.0.0.1:3260,1'], ['TargetAddress', '[::1]:3260,1']]);
  });

  it('accepts a missing final NUL, empty values and values containing "="', () => {
    assert.deepEqual(parseText(ascii('SendTargets=\0X-a=b=c')), [['SendTargets', ''], ['X-a', 'b=c']]);
  });

  it('refuses items without "=" and bad key names', () => {
    assert.throws(() => parseText(ascii('HeaderDigest\0')), IscsiPduError);
    assert.throws(() => parseText(ascii('Bad Key=1\0')), IscsiPduError);
    assert.throws(() => parseText(ascii(`${'K'.repeat(64)}=1\0`)), IscsiPduError);
  });

  it('serializes with a NUL after every pair', () => {
    assert.equal(serializeText([['A', '1'], ['B', 'x,y']]).toString('latin1'), 'A=1\0B=x,y\0');
  });

  it('reads numbers, ranges and binary values', () => {
    assert.equal(parseNumber('8192'), 8192);
    assert.equal(parseNumber('0x2000'), 8192);
    assert.equal(parseNumber('12a'), undefined);
    assert.deepEqual(parseRange('2048~8192'), { low: 2048, high: 8192 });
    assert.equal(parseRange('9~1'), undefined);
    assert.deepEqual(parseBinary('0x0a0B'), Buffer.from([0x0a, 0x0b]));
    assert.deepEqual(parseBinary('0bAQID'), Buffer.from([1, 2, 3]));
    assert.equal(parseBinary('12'), undefined);
  });
});

describe('operational key negotiation (RFC 7143 §6.2, §13)', () => {
  const policy = { ...DEFAULT_POLICY, maxBurstLength: 65536, initialR2T: false, immediateData: true };

  it('list: the first offered value the responder supports', () => {
    assert.deepEqual(answerOffer('HeaderDigest', 'CRC32C,None', policy, 'Normal'), { answer: 'CRC32C', result: 'CRC32C' });
    assert.deepEqual(answerOffer('DataDigest', 'None', { ...policy, dataDigest: ['CRC32C'] }, 'Normal'), { answer: 'Reject', result: undefined });
    assert.deepEqual(answerOffer('HeaderDigest', 'MD5', policy, 'Normal'), { answer: 'Reject', result: undefined });
  });

  it('booleans: AND for ImmediateData, OR for InitialR2T', () => {
    assert.equal(answerOffer('ImmediateData', 'No', policy, 'Normal').answer, 'No');
    assert.equal(answerOffer('ImmediateData', 'Yes', policy, 'Normal').answer, 'Yes');
    assert.equal(answerOffer('InitialR2T', 'Yes', policy, 'Normal').answer, 'Yes');
    assert.equal(answerOffer('InitialR2T', 'No', policy, 'Normal').answer, 'No');
    assert.equal(answerOffer('InitialR2T', 'Maybe', policy, 'Normal').answer, 'Reject');
  });

  it('numbers: min and max functions, out of range rejected', () => {
    assert.equal(answerOffer('MaxBurstLength', '262144', policy, 'Normal').answer, '65536');
    assert.equal(answerOffer('MaxBurstLength', '4096', policy, 'Normal').answer, '4096');
    assert.equal(answerOffer('DefaultTime2Wait', '0', policy, 'Normal').answer, '2');
    assert.equal(answerOffer('MaxBurstLength', '100', policy, 'Normal').answer, 'Reject');
    assert.equal(answerOffer('ErrorRecoveryLevel', '2', policy, 'Normal').answer, '0');
  });

  it('declarative keys are not answered; a bad declaration ends the negotiation', () => {
    assert.deepEqual(answerOffer('MaxRecvDataSegmentLength', '65536', policy, 'Normal'), { answer: undefined, result: '65536' });
    assert.throws(() => answerOffer('MaxRecvDataSegmentLength', '12', policy, 'Normal'), NegotiationError);
  });

  it('session keys are Irrelevant in a Discovery session', () => {
    assert.equal(answerOffer('MaxBurstLength', '262144', policy, 'Discovery').answer, 'Irrelevant');
    assert.equal(answerOffer('HeaderDigest', 'None', policy, 'Discovery').answer, 'None');
  });

  it('FirstBurstLength is irrelevant with InitialR2T=Yes and ImmediateData=No', () => {
    assert.equal(firstBurstIrrelevant(new Map([['InitialR2T', 'Yes'], ['ImmediateData', 'No']])), true);
    assert.equal(firstBurstIrrelevant(new Map([['InitialR2T', 'Yes']])), false);
  });

  it('the originator refuses illegal answers and keeps defaults for special ones', () => {
    assert.equal(acceptAnswer('HeaderDigest', 'CRC32C,None', 'None'), 'None');
    assert.throws(() => acceptAnswer('HeaderDigest', 'None', 'CRC32C'), NegotiationError);
    assert.throws(() => acceptAnswer('MaxBurstLength', '4096', '8192'), NegotiationError);
    assert.equal(acceptAnswer('DefaultTime2Wait', '2', '5'), '5');
    assert.equal(acceptAnswer('ImmediateData', 'No', undefined), 'No');
    assert.equal(acceptAnswer('MaxBurstLength', '4096', 'NotUnderstood'), undefined);
  });

  it('an initiator offers only discovery-relevant keys in a Discovery session', () => {
    const keys = initiatorOffers(DEFAULT_POLICY, 'Discovery').map(([k]) => k);
    assert.ok(keys.includes('MaxRecvDataSegmentLength'));
    assert.ok(!keys.includes('MaxBurstLength'));
  });

  it('typed parameters use defaults for what was not negotiated and cap FirstBurstLength', () => {
    const params = sessionParameters(new Map([['MaxBurstLength', '4096'], ['FirstBurstLength', '65536'], ['HeaderDigest', 'CRC32C']]), new Map([['MaxRecvDataSegmentLength', '65536']]), new Map());
    assert.equal(params.headerDigest, true);
    assert.equal(params.dataDigest, false);
    assert.equal(params.firstBurstLength, 4096);
    assert.equal(params.initialR2T, true);
    assert.equal(params.initiatorMaxRecvDataSegmentLength, 65536);
    assert.equal(params.targetMaxRecvDataSegmentLength, 8192);
  });
});
