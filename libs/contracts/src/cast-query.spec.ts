import { describe, expect, it } from 'vitest';
import { castParamsFromHash, castParamsFromSample } from './cast-query';

describe('castParamsFromHash', () => {
  it('reads the query that follows the key inside the hash, decoded, every value a string', () => {
    expect(castParamsFromHash('#/cast/demo?kasm_url=example.com&file=C%3A%5Cx.xlsx')).toEqual({
      kasm_url: 'example.com',
      file: 'C:\\x.xlsx',
    });
  });

  it('takes a bare search string too, as the router hands it over', () => {
    expect(castParamsFromHash('?docker_network=net_a&utm_source=mail')).toEqual({
      docker_network: 'net_a',
      utm_source: 'mail',
    });
  });

  it('answers no parameters for a link without a query or with an empty one', () => {
    expect(castParamsFromHash('#/cast/demo')).toEqual({});
    expect(castParamsFromHash('#/cast/demo?')).toEqual({});
    expect(castParamsFromHash('')).toEqual({});
  });

  it('keeps the first of a repeated name, empty values, and drops nameless pairs', () => {
    expect(castParamsFromHash('?file=a.xlsx&file=b.xlsx&flag=&=orphan')).toEqual({
      file: 'a.xlsx',
      flag: '',
    });
  });

  it('stops at a fragment inside the hash and reads + as a space, as URLs do', () => {
    expect(castParamsFromHash('#/cast/demo?q=a+b&x=1#section')).toEqual({ q: 'a b', x: '1' });
  });

  it('keeps hostile names as plain data rather than touching the object prototype', () => {
    const params = castParamsFromHash('?__proto__=x&constructor=y');
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.keys(params)).toEqual(['__proto__', 'constructor']);
    expect(JSON.parse(JSON.stringify(params))).toEqual(JSON.parse('{"__proto__":"x","constructor":"y"}'));
  });

  it('decodes characters that would otherwise break the URL: &, =, # and unicode', () => {
    expect(castParamsFromHash('?v=a%26b%3Dc%23d&name=%C3%A9t%C3%A9')).toEqual({ v: 'a&b=c#d', name: 'été' });
  });
});

describe('castParamsFromSample', () => {
  const file = { file: 'C:\\Users\\Public\\Documents\\Ubuntu_Security.xlsx' };

  it("reads the specification's example link, whose query is inside the hash", () => {
    expect(
      castParamsFromSample(
        'https://127.0.0.1/#/cast/excel?file=C%3A%5CUsers%5CPublic%5CDocuments%5CUbuntu_Security.xlsx',
      ),
    ).toEqual(file);
  });

  it('reads a hash, a query with or without ?, and ignores the query of the page before the hash', () => {
    const encoded = 'file=C%3A%5CUsers%5CPublic%5CDocuments%5CUbuntu_Security.xlsx';
    expect(castParamsFromSample(`#/cast/excel?${encoded}`)).toEqual(file);
    expect(castParamsFromSample(`?${encoded}`)).toEqual(file);
    expect(castParamsFromSample(`  ${encoded}\n`)).toEqual(file);
    expect(castParamsFromSample(`https://host/?page=1#/cast/excel?${encoded}`)).toEqual(file);
    expect(castParamsFromSample('https://host/cast/excel?a=1')).toEqual({ a: '1' });
  });

  it('answers no parameters for a link without a query or an empty sample', () => {
    expect(castParamsFromSample('https://host/#/cast/excel')).toEqual({});
    expect(castParamsFromSample('https://host/')).toEqual({});
    expect(castParamsFromSample('')).toEqual({});
  });
});
