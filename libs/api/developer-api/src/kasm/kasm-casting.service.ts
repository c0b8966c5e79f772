import { Injectable } from '@nestjs/common';
import {
  DEFAULT_CAST_CLIENT_SETTINGS,
  MAX_PAGE_SIZE,
  type CastConfig,
  type KasmCastConfig,
} from '@caster/contracts';
import { AppError, invalidFields, notFound } from '@caster/api/core';
import { CastingService, toCastConfig } from '@caster/api/casting';
import { fromKasmCastConfig, kasmFieldPath, toKasmCastConfig } from './cast-config-mapping';
import type { KasmCastConfigInputDto } from './dto/casting.dto';
import { fromKasmId } from './kasm-ids';

type UpdateInput = Parameters<CastingService['update']>[1];

/** Casting configs in Kasm's names, through the casting module's own checks. */
@Injectable()
export class KasmCastingService {
  constructor(private readonly casting: CastingService) {}

  async list(): Promise<KasmCastConfig[]> {
    const all: CastConfig[] = [];
    for (let page = 1; ; page++) {
      const { items, total } = await this.casting.list({ page, pageSize: MAX_PAGE_SIZE });
      all.push(...items);
      if (items.length === 0 || all.length >= total) break;
    }
    return all.map(toKasmCastConfig);
  }

  async create(input: KasmCastConfigInputDto): Promise<KasmCastConfig> {
    const { values, errors } = fromKasmCastConfig(input, DEFAULT_CAST_CLIENT_SETTINGS);
    if (input.casting_config_name === undefined) errors['casting_config_name'] = 'required';
    if (input.image_id === undefined) errors['image_id'] = 'required';
    if (Object.keys(errors).length) throw invalidFields(errors);
    const { name, workspaceId } = values;
    if (name === undefined || workspaceId === undefined) throw invalidFields(errors);
    return toKasmCastConfig(await kasmFields(() => this.casting.create({ ...values, name, workspaceId })));
  }

  async update(input: KasmCastConfigInputDto): Promise<KasmCastConfig> {
    const id = this.id(input.cast_config_id);
    const current = toCastConfig(await this.casting.get(id));
    const { values, errors } = fromKasmCastConfig(input, current.clientSettings);
    if (Object.keys(errors).length) throw invalidFields(errors);
    return toKasmCastConfig(await kasmFields(() => this.casting.update(id, values as UpdateInput)));
  }

  async remove(input: KasmCastConfigInputDto): Promise<void> {
    await this.casting.remove(this.id(input.cast_config_id));
  }

  private id(kasmId: string | undefined): string {
    if (kasmId === undefined) throw invalidFields({ 'target_cast_config.cast_config_id': 'required' });
    const id = fromKasmId(kasmId);
    if (!id) throw notFound('Casting config');
    return id;
  }
}

/** Runs a casting-module call, renaming the fields of its validation errors to Kasm's names. */
async function kasmFields<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const fields = e instanceof AppError ? e.details?.fields : undefined;
    if (!(e instanceof AppError) || !fields) throw e;
    throw new AppError(
      e.code,
      e.message,
      {
        ...e.details,
        fields: Object.fromEntries(Object.entries(fields).map(([path, why]) => [kasmFieldPath(path), why])),
      },
      e.headers,
    );
  }
}
