Console.WriteLine("bench: to be built");
