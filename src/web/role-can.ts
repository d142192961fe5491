import type { FastifyRequest } from 'fastify';
import { type Role, roleAllows } from '../accounts/role.js';

/** Whether the signed-in person's role allows what needs `role`: a page every role reads shows its forms only to those who can use them. */
export const roleCan = (request: FastifyRequest, role: Role): boolean => (request.user ? roleAllows(request.user.role, role) : false);
