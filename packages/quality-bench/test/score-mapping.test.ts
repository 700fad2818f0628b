import { describe, expect, it } from 'vitest';
import { nabScoresFromCliOutput } from '../src/score-mapping.js';

describe('nabScoresFromCliOutput', () => {
  it('maps anomaly_score 0..10 to [0, 1] and gives warm-up and invalid rows 0', () => {
    const csv = [
      'timestamp,anomaly_score,status,reason',
      '2014-07-01 00:00:00,0,warmup,',
      '2014-07-01 00:05:00,7.5,static,',
      '2014-07-01 00:10:00,10,scored,',
      'bad,0,invalid,"unreadable time, see docs"',
      '2014-07-01 00:20:00,2.5,stale,',
    ].join('\n');
    expect(nabScoresFromCliOutput(csv)).toEqual([0, 0.75, 1, 0, 0.25]);
  });

  it('finds the columns by name when key columns come first', () => {
    const csv = 'timestamp,key,anomaly_score,status,reason\n1,a,4,scored,\n';
    expect(nabScoresFromCliOutput(csv)).toEqual([0.4]);
  });

  it('rejects output that is not the CLI format rather than scoring it as zeros', () => {
    expect(() => nabScoresFromCliOutput('')).toThrow(/wrote nothing/);
    expect(() => nabScoresFromCliOutput('timestamp,value\n1,2\n')).toThrow(/anomaly_score\/status/);
    expect(() => nabScoresFromCliOutput('timestamp,anomaly_score,status,reason\n1,11,scored,\n')).toThrow(/not in 0..10/);
    expect(() => nabScoresFromCliOutput('timestamp,anomaly_score,status,reason\n1,x,scored,\n')).toThrow(/row 1/);
  });
});
