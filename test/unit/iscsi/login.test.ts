import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { FrameReader } from '../../../src/iscsi/frameReader.ts';
import { InitiatorLogin, type InitiatorLoginOptions, type InitiatorLoginResult } from '../../../src/iscsi/login/initiatorLogin.ts';
import { LoginFailure, LoginStatus } from '../../../src/iscsi/login/loginStatus.ts';
import { TargetLogin, type CompletedLogin, type LoginTarget, type TargetLoginContext } from '../../../src/iscsi/login/targetLogin.ts';
import type { LoginRequest, LoginResponse, Pdu } from '../../../src/iscsi/pdus.ts';
import { serializePdu } from '../../../src/iscsi/serializer.ts';
import { DEFAULT_POLICY } from '../../../src/iscsi/text/negotiation.ts';
import { parseText, serializeText } from '../../../src/iscsi/text/textCodec.ts';

const TARGET = 'iqn.2024-01.test.changer:lib0';
const targets: LoginTarget[] = [
  { name: TARGET, alias: 'library 0' },
  { name: 'iqn.2024-01.test.changer:secure', chap: { username: 'host1', secret: 'host1-secret-123' } },
  { name: 'iqn.2024-01.test.changer:mutual', chap: { username: 'host1', secret: 'host1-secret-123', mutual: { username: 'lib', secret: 'target-secret-456' } } },
];

function context(overrides: Partial<TargetLoginContext> = {}): TargetLoginContext & { admitted: CompletedLogin[] } {
  const admitted: CompletedLogin[] = [];
  return {
    portalGroupTag: 1,
    policy: DEFAULT_POLICY,
    commandWindow: 32,
    findTarget: (name) => targets.find((t) => t.name === name),
    sessionExists: (tsih) => tsih === 7,
    admit: (login) => {
      admitted.push(login);
      return 0x1234;
    },
    admitted,
    ...overrides,
  };
}

function initiatorOptions(overrides: Partial<InitiatorLoginOptions> = {}): InitiatorLoginOptions {
  return {
    initiatorName: 'iqn.2024-01.test:host1', sessionType: 'Normal', targetName: TARGET, isid: 0x80123456789a, initiatorTaskTag: 1, cmdSN: 100, policy: DEFAULT_POLICY,
    ...overrides,
  };
}

/** Passes every PDU through the byte codec, as the wire would. */
function wire<T extends Pdu>(pdu: T, from: 'initiator' | 'target'): T {
  const reader = new FrameReader(from);
  reader.push(serializePdu(pdu));
  return reader.read() as T;
}

interface Outcome {
  readonly initiator?: InitiatorLoginResult;
  readonly target?: CompletedLogin;
  readonly failure?: LoginFailure;
  readonly responses: LoginResponse[];
}

function runLogin(options: InitiatorLoginOptions, ctx = context()): Outcome {
  const initiator = new InitiatorLogin(options);
  const target = new TargetLogin(ctx, 1000);
  const responses: LoginResponse[] = [];
  let request = initiator.start();
  for (let round = 0; round < 20; round++) {
    const step = target.handle(wire(request, 'initiator'));
    const response = wire(step.response, 'target');
    responses.push(response);
    try {
      const next = initiator.handle(response);
      if (next.kind === 'complete') {
        assert.equal(step.kind, 'complete');
        return { initiator: next.result, target: ctx.admitted[0], responses };
      }
      request = next.request;
    } catch (e) {
      if (e instanceof LoginFailure) return { failure: e, responses };
      throw e;
    }
  }
  throw new Error('login did not finish');
}

describe('login: burst parameters for tape throughput (ssc.md §6)', () => {
  it('our target and our initiator settle on large bursts: a 1 MiB block goes as immediate data, with no R2T', () => {
    const outcome = runLogin(initiatorOptions());
    const p = outcome.target?.parameters;
    assert.ok(p);
    assert.deepEqual(outcome.initiator?.parameters, p);
    assert.equal(p.immediateData, true);
    assert.equal(p.initialR2T, false);
    assert.ok(p.maxBurstLength >= 16 * 1024 * 1024 - 1024);
    assert.ok(p.firstBurstLength >= 1024 * 1024);
    assert.ok(p.targetMaxRecvDataSegmentLength >= 1024 * 1024);
    assert.ok(p.initiatorMaxRecvDataSegmentLength >= 1024 * 1024);
  });

  it('open-iscsi\'s offer (iscsid.conf defaults) gets its own large values back, not the RFC defaults', () => {
    const openIscsi = { ...DEFAULT_POLICY, maxRecvDataSegmentLength: 262144, maxBurstLength: 16776192, firstBurstLength: 262144 };
    const p = runLogin(initiatorOptions({ policy: openIscsi })).target?.parameters;
    assert.ok(p);
    assert.equal(p.maxBurstLength, 16776192);
    assert.equal(p.firstBurstLength, 262144);
    assert.equal(p.initialR2T, false);
    assert.equal(p.immediateData, true);
    assert.equal(p.initiatorMaxRecvDataSegmentLength, 262144);
    assert.equal(p.targetMaxRecvDataSegmentLength, DEFAULT_POLICY.maxRecvDataSegmentLength);
  });

  it('a conservative initiator keeps the minimum it asked for', () => {
    const rfcDefaults = { ...DEFAULT_POLICY, initialR2T: true, maxRecvDataSegmentLength: 8192, maxBurstLength: 262144, firstBurstLength: 65536 };
    const p = runLogin(initiatorOptions({ policy: rfcDefaults })).target?.parameters;
    assert.ok(p);
    assert.equal(p.maxBurstLength, 262144);
    assert.equal(p.firstBurstLength, 65536);
    assert.equal(p.initialR2T, true);
    assert.equal(p.initiatorMaxRecvDataSegmentLength, 8192);
  });
});

describe('login: security then operational stage', () => {
  it('AuthMethod=None: both sides agree on the parameters, TSIH and StatSN', () => {
    const outcome = runLogin(initiatorOptions({ policy: { ...DEFAULT_POLICY, headerDigest: ['CRC32C', 'None'], maxRecvDataSegmentLength: 65536 } }));
    assert.ok(outcome.initiator && outcome.target);
    assert.equal(outcome.initiator.tsih, 0x1234);
    assert.equal(outcome.initiator.targetPortalGroupTag, 1);
    assert.equal(outcome.initiator.targetAlias, 'library 0');
    assert.deepEqual(outcome.initiator.parameters, outcome.target.parameters);
    assert.equal(outcome.target.parameters.headerDigest, true);
    assert.equal(outcome.target.parameters.dataDigest, false);
    assert.equal(outcome.target.parameters.initiatorMaxRecvDataSegmentLength, 65536);
    assert.equal(outcome.target.parameters.targetMaxRecvDataSegmentLength, DEFAULT_POLICY.maxRecvDataSegmentLength);
    assert.equal(outcome.target.expCmdSN, 100);
    assert.equal(outcome.target.nextStatSN, (outcome.initiator.statSN + 1) >>> 0);
    assert.equal(outcome.target.initiatorName, 'iqn.2024-01.test:host1');
    // The first response names the portal group; the stages go 0 → 1 → 3.
    assert.match(Buffer.from(outcome.responses[0]?.data ?? []).toString(), /TargetPortalGroupTag=1/);
    assert.deepEqual(outcome.responses.map((r) => [r.currentStage, r.transit, r.nextStage]), [[0, true, 1], [1, true, 3]]);
    assert.deepEqual(outcome.responses.map((r) => r.statSN), [1000, 1001]);
  });

  it('one-way CHAP with the right secret', () => {
    const outcome = runLogin(initiatorOptions({ targetName: 'iqn.2024-01.test.changer:secure', chap: { username: 'host1', secret: 'host1-secret-123' } }));
    assert.ok(outcome.initiator, outcome.failure?.message);
    assert.ok(outcome.responses.some((r) => /CHAP_C=0x[0-9a-f]{32}/.test(Buffer.from(r.data).toString())));
  });

  it('CHAP with a wrong secret fails 02/01', () => {
    const outcome = runLogin(initiatorOptions({ targetName: 'iqn.2024-01.test.changer:secure', chap: { username: 'host1', secret: 'wrong-secret-000' } }));
    const failure = outcome.failure;
    assert.ok(failure, 'login failed');
    assert.ok(failure.is(LoginStatus.AuthenticationFailure), failure.message);
    assert.equal(failure.statusClass, 2);
    assert.equal(failure.statusDetail, 1);
  });

  it('CHAP with a wrong name fails 02/01', () => {
    const outcome = runLogin(initiatorOptions({ targetName: 'iqn.2024-01.test.changer:secure', chap: { username: 'host2', secret: 'host1-secret-123' } }));
    assert.ok(outcome.failure?.is(LoginStatus.AuthenticationFailure));
  });

  it('a CHAP target refuses AuthMethod=None with 02/01', () => {
    const outcome = runLogin(initiatorOptions({ targetName: 'iqn.2024-01.test.changer:secure' }));
    assert.ok(outcome.failure?.is(LoginStatus.AuthenticationFailure));
  });

  it('mutual CHAP: the target proves itself', () => {
    const outcome = runLogin(initiatorOptions({
      targetName: 'iqn.2024-01.test.changer:mutual',
      chap: { username: 'host1', secret: 'host1-secret-123', mutual: { username: 'lib', secret: 'target-secret-456' } },
    }));
    assert.ok(outcome.initiator, outcome.failure?.message);
  });

  it('mutual CHAP: a target with the wrong secret is refused by the initiator', () => {
    const outcome = runLogin(initiatorOptions({
      targetName: 'iqn.2024-01.test.changer:mutual',
      chap: { username: 'host1', secret: 'host1-secret-123', mutual: { username: 'lib', secret: 'not-the-target-secret' } },
    }));
    assert.ok(outcome.failure?.is(LoginStatus.AuthenticationFailure));
  });

  it('mutual CHAP asked of a target without a mutual secret fails 02/01', () => {
    const outcome = runLogin(initiatorOptions({
      targetName: 'iqn.2024-01.test.changer:secure',
      chap: { username: 'host1', secret: 'host1-secret-123', mutual: { username: 'lib', secret: 'x' } },
    }));
    assert.ok(outcome.failure?.is(LoginStatus.AuthenticationFailure));
  });

  it('an unknown target fails 02/03', () => {
    const outcome = runLogin(initiatorOptions({ targetName: 'iqn.2024-01.test.changer:nope' }));
    const failure = outcome.failure;
    assert.ok(failure, 'login failed');
    assert.ok(failure.is(LoginStatus.NotFound));
    assert.match(failure.message, /target not found \(02\/03\)/);
  });

  it('a Discovery session needs no TargetName and answers session keys Irrelevant', () => {
    const target = new TargetLogin(context(), 1);
    const first = target.handle(loginRequest({ data: serializeText([['InitiatorName', 'iqn.x:i'], ['SessionType', 'Discovery'], ['AuthMethod', 'None']]) }));
    assert.equal(first.kind, 'continue');
    const second = target.handle(loginRequest({ currentStage: 1, nextStage: 3, data: serializeText([['MaxBurstLength', '65536'], ['HeaderDigest', 'None'], ['X-vendor', '1']]) }));
    assert.equal(second.kind, 'complete');
    assert.deepEqual(parseText(second.response.data), [['MaxBurstLength', 'Irrelevant'], ['HeaderDigest', 'None'], ['X-vendor', 'NotUnderstood'], ['MaxRecvDataSegmentLength', String(DEFAULT_POLICY.maxRecvDataSegmentLength)]]);
  });
});

function loginRequest(overrides: Partial<LoginRequest>): LoginRequest {
  return {
    kind: 'login-request', transit: true, continue: false, currentStage: 0, nextStage: 1, versionMax: 0, versionMin: 0, isid: 1, tsih: 0, initiatorTaskTag: 9,
    connectionId: 0, cmdSN: 1, expStatSN: 0, data: serializeText([['InitiatorName', 'iqn.x:i'], ['TargetName', TARGET]]), ...overrides,
  };
}

describe('login: refusals with the right status', () => {
  const failed = (step: ReturnType<TargetLogin['handle']>): [number, number] => {
    assert.equal(step.kind, 'failed');
    return [step.response.statusClass, step.response.statusDetail];
  };

  it('missing InitiatorName → 02/07', () => {
    assert.deepEqual(failed(new TargetLogin(context()).handle(loginRequest({ data: serializeText([['TargetName', TARGET]]) }))), [2, 7]);
  });

  it('missing TargetName in a Normal session → 02/07', () => {
    assert.deepEqual(failed(new TargetLogin(context()).handle(loginRequest({ data: serializeText([['InitiatorName', 'iqn.x:i']]) }))), [2, 7]);
  });

  it('unknown SessionType → 02/09', () => {
    assert.deepEqual(failed(new TargetLogin(context()).handle(loginRequest({ data: serializeText([['InitiatorName', 'i'], ['SessionType', 'Boot']]) }))), [2, 9]);
  });

  it('Version-min above 0 → 02/05', () => {
    assert.deepEqual(failed(new TargetLogin(context()).handle(loginRequest({ versionMin: 1, versionMax: 1 }))), [2, 5]);
  });

  it('a TSIH of an unknown session → 02/0a; of a live one → 02/06 (one connection per session)', () => {
    assert.deepEqual(failed(new TargetLogin(context()).handle(loginRequest({ tsih: 3 }))), [2, 10]);
    assert.deepEqual(failed(new TargetLogin(context()).handle(loginRequest({ tsih: 7 }))), [2, 6]);
  });

  it('a key negotiated twice → 02/00', () => {
    const target = new TargetLogin(context());
    assert.equal(target.handle(loginRequest({})).kind, 'continue');
    assert.equal(target.handle(loginRequest({ currentStage: 1, nextStage: 3, transit: false, data: serializeText([['MaxBurstLength', '4096']]) })).kind, 'continue');
    assert.deepEqual(failed(target.handle(loginRequest({ currentStage: 1, nextStage: 3, data: serializeText([['MaxBurstLength', '8192']]) }))), [2, 0]);
  });

  it('skipping the security stage is fine without CHAP, refused 02/01 with it', () => {
    const open = new TargetLogin(context()).handle(loginRequest({ currentStage: 1, nextStage: 3 }));
    assert.equal(open.kind, 'complete');
    const secure = new TargetLogin(context()).handle(loginRequest({ currentStage: 1, nextStage: 3, data: serializeText([['InitiatorName', 'i'], ['TargetName', 'iqn.2024-01.test.changer:secure']]) }));
    assert.deepEqual(failed(secure), [2, 1]);
  });

  it('a stage change that goes backwards or a changed ITT → 02/00', () => {
    const target = new TargetLogin(context());
    assert.equal(target.handle(loginRequest({})).kind, 'continue');
    assert.deepEqual(failed(target.handle(loginRequest({ currentStage: 1, initiatorTaskTag: 10, nextStage: 3 }))), [2, 0]);
  });

  it('text continued over PDUs with the C bit is acknowledged, then negotiated', () => {
    const target = new TargetLogin(context());
    const text = serializeText([['InitiatorName', 'iqn.x:i'], ['TargetName', TARGET], ['AuthMethod', 'None']]);
    const first = target.handle(loginRequest({ transit: false, continue: true, data: text.subarray(0, 10) }));
    assert.equal(first.kind, 'continue');
    assert.equal(first.response.data.length, 0);
    const second = target.handle(loginRequest({ data: text.subarray(10) }));
    assert.equal(second.kind, 'continue');
    assert.equal(second.response.transit, true);
    assert.deepEqual(parseText(second.response.data).find(([k]) => k === 'AuthMethod'), ['AuthMethod', 'None']);
  });
});
