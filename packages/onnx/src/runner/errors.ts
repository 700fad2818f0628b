/** Thrown for input the runner refuses (shape, non-finite values) or a model that breaks the contract. */
export class ModelInputError extends Error {
  override readonly name = 'ModelInputError';
}

export class ModelContractError extends Error {
  override readonly name = 'ModelContractError';
}
