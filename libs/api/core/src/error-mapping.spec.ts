import { BadRequestException, NotFoundException, InternalServerErrorException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { AppError } from './app-error';
import { mapError } from './error-mapping';

describe('mapError', () => {
  it('writes an AppError with its catalogued status, details and headers', () => {
    const m = mapError(
      new AppError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 7 }, { 'Retry-After': '7' }),
      'r1',
    );
    expect(m.status).toBe(429);
    expect(m.body).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: 'slow down',
        details: { retryAfterSeconds: 7 },
        requestId: 'r1',
      },
    });
    expect(m.headers).toEqual({ 'Retry-After': '7' });
    expect(m.unexpected).toBe(false);
  });

  it('maps malformed JSON from body-parser to 400 MALFORMED_JSON', () => {
    const err = Object.assign(new SyntaxError('Unexpected token'), {
      type: 'entity.parse.failed',
      status: 400,
    });
    const m = mapError(err);
    expect(m.status).toBe(400);
    expect(m.body.error.code).toBe('MALFORMED_JSON');
  });

  it('maps an oversized body to 413', () => {
    const m = mapError(Object.assign(new Error('too big'), { type: 'entity.too.large', status: 413 }));
    expect(m.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(m.status).toBe(413);
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(mapError(new NotFoundException('Cannot GET /api/nope')).body.error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Cannot GET /api/nope',
    });
    expect(mapError(new BadRequestException('x')).body.error.code).toBe('BAD_REQUEST');
  });

  it('hides the text of unexpected errors behind a generic 500', () => {
    const m = mapError(new Error('password=hunter2 at db.internal'));
    expect(m.status).toBe(500);
    expect(m.body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(m.body)).not.toContain('hunter2');
    expect(m.unexpected).toBe(true);
    expect(JSON.stringify(mapError(new InternalServerErrorException('secret detail')).body)).not.toContain(
      'secret',
    );
  });

  it('answers a coded 503 with Retry-After when the database cannot be reached, and nothing else', () => {
    const outages: unknown[] = [
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      // TypeORM's QueryFailedError keeps the driver's error, with its SQLSTATE.
      Object.assign(new Error('terminating connection due to administrator command'), {
        driverError: { code: '57P01' },
      }),
      Object.assign(new Error('x'), { driverError: { code: '08006', message: 'connection failure' } }),
    ];
    for (const e of outages) {
      const m = mapError(e);
      expect(m.status).toBe(503);
      expect(m.body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(m.headers['Retry-After']).toBe('5');
    }
    // A constraint violation or a syntax error is a bug, not an outage.
    expect(mapError(Object.assign(new Error('dup'), { driverError: { code: '23505' } })).status).toBe(500);
    expect(mapError(Object.assign(new Error('syntax'), { code: '42601' })).status).toBe(500);
  });
});
