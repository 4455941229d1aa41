export { ToolCatalog, type CatalogChanged, type CatalogPrompt, type CatalogResource, type CatalogToolDetail, type LabelSource, type ToolCatalogOptions } from './catalog.js';
export { changedFields, cleanDefinition, definitionHash, PINNED_FIELDS, pinnedView, type PinnedField } from './hash.js';
export { effectiveLabels, labelsFromAnnotations } from './labels.js';
export { describeFindings, scanDefinition, type DefinitionScanner } from './scan.js';
export { createToolCatalog } from './create.js';
