import { Injectable, type PipeTransform } from '@nestjs/common';
import { notFound } from './app-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/**
 * Path ids: something that is not a UUID cannot name a resource, so it answers 404 NOT_FOUND like
 * an unknown id would (never a 500 from the database's uuid cast, never a different status).
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (!isUuid(value)) throw notFound();
    return value.toLowerCase();
  }
}
