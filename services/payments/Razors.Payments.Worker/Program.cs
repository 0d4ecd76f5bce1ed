throw new NotImplementedException();
