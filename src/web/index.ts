/** The pieces of a local HTTP server shared by `nianbao ui` and `nianbao serve`. */
export { refusalOf, newToken, tokenHeader, allowedHosts, allowedOrigins, type Refusal } from './guard.js';
export { startLocalServer, host, type LocalServer, type LocalServerContext, type LocalServerOptions, type Handler } from './localServer.js';
export { receiveUploads, cleanRelativeName, defaultUploadLimits, UploadError, type Upload, type UploadedFile, type UploadLimits } from './uploads.js';
export { createSessionFolder, type SessionFolder } from './sessionFolder.js';
export { sendJson, sendError, sendPage, sendBytes, sendFile, attachment, baseHeaders, contentTypes } from './respond.js';
