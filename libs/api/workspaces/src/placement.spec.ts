import { describe, expect, it } from 'vitest';
import { checkPlacementConstraints, checkSwarmRunConfig } from './placement';

describe('checkPlacementConstraints', () => {
  it('accepts node labels, role, hostname, id, platform and engine labels', () => {
    expect(
      checkPlacementConstraints([
        'node.labels.gpu==true',
        'node.role!=manager',
        'node.role==worker',
        'node.hostname==desk-01.corp',
        'node.id==2ivku8v2gvtg4',
        'node.platform.os==linux',
        'node.platform.arch!=aarch64',
        'node.labels.zone==eu-west-1a',
        'engine.labels.storage==ssd',
      ]),
    ).toEqual({});
    expect(checkPlacementConstraints([])).toEqual({});
  });

  it('refuses anything else, by index', () => {
    expect(
      checkPlacementConstraints([
        'node.labels.gpu==true',
        'node.role==boss',
        'node.labels.gpu = true',
        'container.label==x',
        'node.hostname==x; rm -rf /',
        'node.labels.==x',
        '',
        'node.hostname==',
        'node.labels.gpu=true',
      ]),
    ).toEqual({
      'placementConstraints[1]': 'node.role is manager or worker',
      'placementConstraints[2]': expect.stringContaining('must be like'),
      'placementConstraints[3]': expect.stringContaining('must be like'),
      'placementConstraints[4]': expect.stringContaining('must be like'),
      'placementConstraints[5]': expect.stringContaining('must be like'),
      'placementConstraints[6]': expect.stringContaining('must be like'),
      'placementConstraints[7]': expect.stringContaining('must be like'),
      'placementConstraints[8]': expect.stringContaining('must be like'),
    });
  });

  it('limits how many there are', () => {
    expect(checkPlacementConstraints(Array.from({ length: 21 }, () => 'node.role==worker'))).toEqual({
      placementConstraints: 'at most 20 constraints',
    });
  });
});

describe('checkSwarmRunConfig', () => {
  it('names the run options a Swarm service cannot carry', () => {
    expect(Object.keys(checkSwarmRunConfig({ hostname: 'x', security_opt: [], ipc_mode: 'none' }))).toEqual([
      'runConfig.security_opt',
      'runConfig.ipc_mode',
    ]);
  });
});
