/**
 * Reference data the forms and maps need: vocabularies with ko/en/zh labels, the gazetteer, the
 * province outlines, and the session's own lists (sources). Vocabularies, places and outlines
 * are the model's public data; they are still served to signed-in users only.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { allPlaces, lookupPlaceAll, provinceOf, type Place } from '../../model/gazetteer';
import { PROVINCE_OUTLINES_FILE } from '../../model/geo';
import { vocabularies } from '../../model/vocabularies';
import { activeSessionOf } from '../auth';
import { listOwnSources } from '../directory';
import { problemSchema } from '../problem';
import { placeSchema, placeSearchSchema, vocabulariesSchema, type PlaceDto } from '../schemas';
import type { ApiContext, ApiInstance } from './index';

export function placeDto(p: Place): PlaceDto {
  return {
    id: p.id,
    kind: p.kind,
    division: p.division,
    country: p.country,
    parent: p.parent,
    names: { ko: p.names.ko, koNorth: p.names.koNorth, zh: p.names.zh, en: p.names.en },
    lat: p.lat,
    lon: p.lon,
    province: provinceOf(p.id)?.id,
  };
}

const errors = { 401: problemSchema, 403: problemSchema };

export function registerReferenceRoutes(app: ApiInstance, ctx: ApiContext): void {
  const { protect } = ctx;
  const places = allPlaces().map(placeDto);
  const outlines = readFileSync(PROVINCE_OUTLINES_FILE);
  const outlinesTag = `"${createHash('sha256').update(outlines).digest('base64url').slice(0, 22)}"`;

  app.get(
    '/vocabularies',
    {
      schema: {
        tags: ['reference'],
        summary: 'Controlled vocabularies with Korean, English and Chinese labels',
        response: { 200: vocabulariesSchema, ...errors },
      },
    },
    async (request) => {
      await activeSessionOf(request, protect);
      return vocabularies as unknown as z.infer<typeof vocabulariesSchema>;
    },
  );

  app.get(
    '/places',
    {
      schema: {
        tags: ['reference'],
        summary: 'Every place of the gazetteer',
        response: { 200: z.array(placeSchema), ...errors },
      },
    },
    async (request) => {
      await activeSessionOf(request, protect);
      return places;
    },
  );

  app.post(
    '/places/search',
    {
      schema: {
        tags: ['reference'],
        summary: 'Places matching a name in any script (exact names and aliases, then prefixes)',
        body: placeSearchSchema,
        response: { 200: z.array(placeSchema), ...errors },
      },
    },
    async (request) => {
      await activeSessionOf(request, protect);
      const { q, limit } = request.body;
      const exact = lookupPlaceAll(q).map(placeDto);
      const seen = new Set(exact.map((p) => p.id));
      const needle = q.trim().toLowerCase();
      const prefix = places.filter(
        (p) =>
          !seen.has(p.id) &&
          [p.names.ko, p.names.koNorth, p.names.zh, p.names.en].some(
            (n) => n !== undefined && n.toLowerCase().startsWith(needle),
          ),
      );
      return [...exact, ...prefix].slice(0, limit);
    },
  );

  app.get(
    '/geo/provinces',
    {
      schema: {
        tags: ['reference'],
        summary: 'Province outlines of China and the DPRK (GeoJSON, Natural Earth)',
        produces: ['application/geo+json'],
      },
    },
    async (request, reply) => {
      await activeSessionOf(request, protect);
      reply.header('etag', outlinesTag).header('cache-control', 'private, max-age=86400');
      if (request.headers['if-none-match'] === outlinesTag) return reply.code(304).send(null);
      return reply.type('application/geo+json').send(outlines);
    },
  );

  app.get(
    '/sources',
    {
      schema: {
        tags: ['reference'],
        summary: "The lists (sources) of the user's organisation",
        response: { 200: z.array(z.object({ id: z.string(), name: z.string() })), ...errors },
      },
    },
    async (request) => {
      const session = await activeSessionOf(request, protect);
      return listOwnSources(protect, session);
    },
  );
}
