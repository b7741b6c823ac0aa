/**
 * Frames of the web host's WebSocket: the contract's requests, responses and events as JSON
 * text frames. The host validates every incoming frame with `WsClientFrame`.
 */
import { z } from 'zod';
import type { ApiResult, EventEnvelope } from './contract';

/** Path of the WebSocket endpoint on the web host. */
export const WS_PATH = '/ws';
/** Name of the query parameter (page and WebSocket URL) and cookie that carry the access token. */
export const TOKEN_PARAM = 'token';
export const TOKEN_COOKIE = 'keyhole_token';

/** Client → host: one request of the contract; `id` pairs it with its response. */
export const WsClientFrame = z
  .object({
    type: z.literal('request'),
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    channel: z.string().min(1).max(100),
    payload: z.unknown(),
  })
  .strict();
export type WsClientFrame = z.infer<typeof WsClientFrame>;

/** Host → client: a response to request `id`, or an event. */
export type WsHostFrame = { type: 'response'; id: number; result: ApiResult<unknown> } | ({ type: 'event' } & EventEnvelope);
